import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomSecret } from './security/secrets.js'
import type { AdminCredentials } from './security/sigv4.js'

/**
 * How `parley admin` reaches a running pool on this machine. PGlite is one process per data directory, so while
 * `parley identity` or `parley start` runs, admin commands must go through its HTTP API (signed Admin* calls),
 * not open the database file. The service records where it listens in `<dataDir>/identity/service.json` and, when
 * no IDENTITY_ADMIN_* variables are set, generates admin credentials in `<dataDir>/identity/admin-credentials.json`
 * (mode 0600, beside the key secret): whoever can read the data directory is the operator anyway.
 */
export type ServiceRecord = { url: string; pid: number; poolId: string }

const dirOf = (dataDir: string) => join(dataDir, 'identity')
const isMemory = (dataDir: string) => dataDir.startsWith('memory://')

/** The configured admin credentials, else this data directory's generated ones (created on first use). */
export function localAdminCredentials(dataDir: string, configured?: AdminCredentials): AdminCredentials | undefined {
  if (configured) return configured
  if (isMemory(dataDir)) return undefined
  const file = join(dirOf(dataDir), 'admin-credentials.json')
  const read = () => JSON.parse(readFileSync(file, 'utf8')) as AdminCredentials
  try {
    return read()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  mkdirSync(dirOf(dataDir), { recursive: true, mode: 0o700 })
  const creds = {
    accessKeyId: `AKIDLOCAL${randomSecret(8)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, 'X')}`,
    secretAccessKey: randomSecret(),
  }
  try {
    writeFileSync(file, JSON.stringify(creds), { mode: 0o600, flag: 'wx' })
    return creds
  } catch (err) {
    // Another process created it meanwhile; its credentials win.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return read()
    throw err
  }
}

/** Records the running service; returns a function that removes the record (on close). */
export function recordService(dataDir: string, record: ServiceRecord): () => void {
  if (isMemory(dataDir)) return () => {}
  const file = join(dirOf(dataDir), 'service.json')
  mkdirSync(dirOf(dataDir), { recursive: true, mode: 0o700 })
  writeFileSync(file, JSON.stringify(record), { mode: 0o600 })
  return () => {
    if (runningService(dataDir)?.pid === record.pid) rmSync(file, { force: true })
  }
}

/** The pool running on this data directory, if its process is still alive. */
export function runningService(dataDir: string): ServiceRecord | undefined {
  if (isMemory(dataDir)) return undefined
  let record: ServiceRecord
  try {
    record = JSON.parse(readFileSync(join(dirOf(dataDir), 'service.json'), 'utf8')) as ServiceRecord
  } catch {
    return undefined
  }
  return isAlive(record.pid) ? record : undefined
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
