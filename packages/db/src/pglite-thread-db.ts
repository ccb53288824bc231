import { mkdirSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { ServiceUnavailableError } from '@parley/core'
import type { Db, Queryable, Row } from './db.js'

/** What the thread answers (see pglite-thread.mjs). */
type Reply = {
  id: number
  rows?: Row[]
  tx?: number
  done?: true
  error?: Record<string, unknown> & { message: string }
}
type Pending = { resolve: (r: Reply) => void; reject: (err: Error) => void }

const THREAD = new URL('./pglite-thread.mjs', import.meta.url)

/** A database error from the thread, with PostgreSQL's fields (`code` = SQLSTATE) as PGlite's own error has them. */
function toError(e: Reply['error'] & object): Error {
  return Object.assign(new Error(e.message), e)
}

export type PgliteThreadDb = Db & {
  /** Requests sent to the thread and not yet answered. */
  pending(): number
  /** The current thread, e.g. to see it crash in a test; undefined between a crash and the next request. */
  worker(): Worker | undefined
}

/**
 * PGlite in a worker thread that alone owns the data directory, behind the same Db interface as in-process PGlite,
 * so that PGlite's WASM and the HTTP event loop run on two cores. Messages carry SQL and parameters in and rows out
 * (structured clone keeps Dates, objects and byte arrays). If the thread dies (a WASM abort, an exception, out of
 * memory), every request waiting on it fails with a 503 instead of hanging, and the next request starts a new
 * thread on the same directory, which is safe because the old one has exited and committed rows are on disk (an
 * in-memory database is gone with its thread: it answers 503 from then on).
 * `close()` lets running statements finish, closes PGlite (which writes its files) and waits for the thread to exit.
 */
export async function openPgliteThread(dir: string): Promise<PgliteThreadDb> {
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true })
  let thread: { worker: Worker; ready: Promise<void> } | undefined
  let nextId = 1
  const waiting = new Map<number, Pending>()
  let closed = false

  const start = () => {
    const worker = new Worker(THREAD, { workerData: { dir } })
    let failed: Error | undefined
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (msg: Reply & { ready?: true }) => {
        if (msg.ready) return resolve()
        const p = waiting.get(msg.id)
        if (!p) return
        waiting.delete(msg.id)
        if (msg.error) p.reject(toError(msg.error))
        else p.resolve(msg)
      })
      worker.on('error', (err) => {
        failed = err
        reject(err)
      })
      worker.on('exit', (code) => {
        if (thread?.worker === worker) thread = undefined
        if (!closed && dir.startsWith('memory://')) lost = true
        const reason = closed ? 'The database is closed' : 'The database stopped unexpectedly; retry'
        // Without this every caller waiting on the thread would wait forever.
        for (const [id, p] of waiting) {
          waiting.delete(id)
          p.reject(new ServiceUnavailableError(reason, 1))
        }
        reject(failed ?? new Error(`the PGlite thread exited (${code}) before it was ready`))
      })
    })
    thread = { worker, ready }
    return thread
  }

  let lost = false
  const send = async (msg: Record<string, unknown>): Promise<Reply> => {
    if (closed) throw new ServiceUnavailableError('The database is closed')
    // An in-memory database died with its thread: a new, empty one would pass for it, so it stays unavailable.
    if (lost) throw new ServiceUnavailableError('The in-memory database was lost with its thread')
    const t = thread ?? start()
    await t.ready.catch((err) => {
      throw new ServiceUnavailableError(`The database could not be opened: ${(err as Error).message}`, 1)
    })
    const id = nextId++
    return new Promise<Reply>((resolve, reject) => {
      waiting.set(id, { resolve, reject })
      t.worker.postMessage({ ...msg, id })
    })
  }

  const queryable = (tx?: number): Queryable => ({
    async query<T extends Row>(sql: string, params?: unknown[]) {
      return (await send({ op: 'query', sql, params: params ?? [], tx })).rows as T[]
    },
  })

  // Open the first thread now, so a broken data directory fails the start rather than the first request.
  await start().ready
  return {
    kind: 'pglite',
    ...queryable(),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const { tx } = await send({ op: 'begin' })
      let result: T
      try {
        result = await fn(queryable(tx))
      } catch (err) {
        await send({ op: 'end', tx, commit: false }).catch(() => {})
        throw err
      }
      await send({ op: 'end', tx, commit: true })
      return result
    },
    async close() {
      if (closed) return
      const t = thread
      if (t) {
        const exited = new Promise<void>((resolve) => t.worker.once('exit', () => resolve()))
        await send({ op: 'close' }).catch(() => {})
        closed = true
        await exited
      }
      closed = true
    },
    pending: () => waiting.size,
    worker: () => thread?.worker,
  }
}
