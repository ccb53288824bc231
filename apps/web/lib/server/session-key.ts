import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

let cached: { source: string; key: Uint8Array } | undefined

/**
 * The 256-bit key that encrypts session cookies. From WEB_SESSION_SECRET when set (hashed, so any long string
 * works); otherwise generated once and kept in `$PARLEY_DATA_DIR/web/session.key`, so sessions survive restarts.
 */
export function sessionKey(secret: string | undefined, dataDir: string): Uint8Array {
  const source = secret ? `secret:${secret}` : `dir:${path.resolve(dataDir)}`
  if (cached?.source === source) return cached.key
  const key = secret ? createHash('sha256').update(secret).digest() : keyFromDataDir(dataDir)
  cached = { source, key: new Uint8Array(key) }
  return cached.key
}

function keyFromDataDir(dataDir: string): Buffer {
  const file = path.join(dataDir, 'web', 'session.key')
  try {
    const existing = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url')
    if (existing.length === 32) return existing
  } catch {
    // Not there yet: generate below.
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
  const fresh = randomBytes(32)
  // 'wx' fails if another process won the race; then its key is the one to use.
  try {
    writeFileSync(file, fresh.toString('base64url'), { mode: 0o600, flag: 'wx' })
    return fresh
  } catch {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url')
  }
}
