import { mkdir, open, rm, stat, utimes } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname } from 'node:path'

const HEARTBEAT_MS = 2_000
const STALE_MS = 15_000
const POLL_MS = 100

/**
 * Runs `fn` while holding a lock file, so that two processes (or two hosts on one shared EFS store) never write the
 * same blob at once. The holder touches the file as a heartbeat; a lock nobody touched for STALE_MS is taken over,
 * which covers a worker that died mid-download. Waiting is bounded by `signal`.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  await mkdir(dirname(lockPath), { recursive: true })
  for (;;) {
    signal?.throwIfAborted()
    try {
      const handle = await open(lockPath, 'wx')
      await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname() }))
      await handle.close()
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const age = await lockAge(lockPath)
      if (age !== undefined && age > STALE_MS) await rm(lockPath, { force: true })
      else await new Promise((r) => setTimeout(r, POLL_MS))
    }
  }
  const beat = setInterval(() => {
    const now = new Date()
    utimes(lockPath, now, now).catch(() => {})
  }, HEARTBEAT_MS)
  beat.unref()
  try {
    return await fn()
  } finally {
    clearInterval(beat)
    await rm(lockPath, { force: true })
  }
}

async function lockAge(path: string): Promise<number | undefined> {
  try {
    return Date.now() - (await stat(path)).mtimeMs
  } catch {
    return undefined
  }
}
