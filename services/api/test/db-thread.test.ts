import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPgliteThread, type PgliteThreadDb } from '@parley/db'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type Harness, startHarness, uuid } from './harness.js'

// PGlite in its own worker thread on a data directory, as `parley start` runs it.
const dir = mkdtempSync(join(tmpdir(), 'parley-api-thread-'))
let h: Harness
beforeAll(async () => {
  h = await startHarness('pglite', {}, await openPgliteThread(join(dir, 'db')))
})
afterAll(async () => {
  await h?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Waits until the database thread holds `n` requests (polling a counter, not a clock). */
async function untilPending(db: PgliteThreadDb, n: number) {
  while (db.pending() < n) await new Promise((r) => setImmediate(r))
}

test('a crash of the database thread answers waiting requests with 503, not a hang; the next request is served', async () => {
  const db = h.db as unknown as PgliteThreadDb
  const turns = [{ role: 'user', content: 'hello' }]
  expect(
    (await h.call('POST', '/conversations/alice', { body: { id: uuid(1), title: 'A', conversation: turns } })).status,
  ).toBe(201)
  // Keep the thread busy, so the API's query waits behind it when the thread dies.
  const busy = db.query('SELECT count(*) FROM generate_series(1, 200000000)').catch((err: unknown) => err)
  const listing = h.call('GET', '/conversations/alice')
  await untilPending(db, 2)
  await db.worker()?.terminate()
  const answer = await listing
  expect(answer.status).toBe(503)
  expect(answer.body).toMatchObject({ status: 'error', code: 'unavailable' })
  expect(answer.headers.get('retry-after')).toBe('1')
  expect(await busy).toBeInstanceOf(Error)
  // A new thread opened the same database: what was committed is still there.
  const again = await h.call('GET', '/conversations/alice')
  expect(again.status).toBe(200)
  expect((again.body.data as { id: string }[]).map((c) => c.id)).toEqual([uuid(1)])
  // The reopen after the crash opens PGlite again, which takes up to a minute or more on a loaded machine.
}, 300_000)
