import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomSecret } from './security/secrets.js'

/**
 * The secret that encrypts signing keys at rest: IDENTITY_KEY_SECRET when set, else one generated on first start
 * and kept (mode 0600) in `<dataDir>/identity/key-secret`, outside the database. A throwaway in-memory database
 * gets a throwaway secret.
 */
export function resolveKeySecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured
  if (dataDir.startsWith('memory://')) return randomSecret()
  const dir = join(dataDir, 'identity')
  const file = join(dir, 'key-secret')
  try {
    return readFileSync(file, 'utf8').trim()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const secret = randomSecret()
  try {
    // `wx` fails if another process created the file meanwhile; its secret then wins.
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' })
    return secret
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim()
    throw err
  }
}
