import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ServiceUnavailableError } from '@parley/core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openPglite } from '../src/pglite.js'
import { openPgliteThread, type PgliteThreadDb } from '../src/pglite-thread-db.js'

const dirs: string[] = []
const opened: PgliteThreadDb[] = []
function dataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-pglite-thread-'))
  dirs.push(dir)
  return join(dir, 'db')
}
async function open(dir = 'memory://') {
  const db = await openPgliteThread(dir)
  opened.push(db)
  return db
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Waits until the thread has `n` requests in hand (polling a counter, not a clock). */
async function untilPending(db: PgliteThreadDb, n: number) {
  while (db.pending() < n) await new Promise((r) => setImmediate(r))
}

// Opening PGlite takes from seconds to a minute on a loaded machine: the tests that need no fresh database share one.
let shared: PgliteThreadDb
beforeAll(async () => {
  shared = await openPgliteThread('memory://')
})
afterAll(() => shared?.close())
// A test that opens a database twice (crash, reopen) may take that long twice.
const TWO_OPENS_MS = 300_000

describe('PGlite in a worker thread', () => {
  it('answers queries with the types in-process PGlite gives (dates, jsonb, vectors, nulls)', async () => {
    const db = shared
    await db.query('CREATE TABLE t (id int PRIMARY KEY, at timestamptz, doc jsonb, v vector(3), note text)')
    await db.query('INSERT INTO t VALUES ($1, $2, $3::text::jsonb, $4::text::vector, $5)', [
      1,
      '2026-12-02T01:02:03.004Z',
      JSON.stringify({ a: [1, 'x'] }),
      '[1,2,3]',
      null,
    ])
    const [row] = await db.query('SELECT id, at, doc, v::text AS v, note FROM t')
    expect(row).toEqual({
      id: 1,
      at: new Date('2026-12-02T01:02:03.004Z'),
      doc: { a: [1, 'x'] },
      v: '[1,2,3]',
      note: null,
    })
  })

  it("keeps PostgreSQL's error fields, so callers can branch on the SQLSTATE", async () => {
    const db = shared
    await db.query('CREATE TABLE u (id int PRIMARY KEY)')
    await db.query('INSERT INTO u VALUES (1)')
    await expect(db.query('INSERT INTO u VALUES (1)')).rejects.toMatchObject({ code: '23505', table: 'u' })
    await expect(db.query("SELECT 'x'::int")).rejects.toMatchObject({ code: '22P02' })
    // The thread is still serving after the errors.
    expect(await db.query('SELECT count(*)::int AS n FROM u')).toEqual([{ n: 1 }])
  })

  it('commits a transaction, rolls one back when its function throws, and isolates it from others', async () => {
    const db = shared
    await db.query('CREATE TABLE k (id int PRIMARY KEY)')
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO k VALUES (1)')
      await tx.query('INSERT INTO k VALUES (2)')
    })
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO k VALUES (3)')
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    await expect(db.transaction((tx) => tx.query('INSERT INTO k VALUES (1)'))).rejects.toMatchObject({ code: '23505' })
    // Concurrent transactions and plain queries queue on the one session, as in-process PGlite does.
    await Promise.all(
      [10, 11, 12].map((n) =>
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO k VALUES ($1)', [n])
          return tx.query('SELECT count(*)::int AS n FROM k')
        }),
      ),
    )
    expect((await db.query('SELECT id FROM k ORDER BY id')).map((r) => r.id)).toEqual([1, 2, 10, 11, 12])
  })

  it('binds every kind of parameter as in-process PGlite does (strings and numbers in one trip, the rest by type)', async () => {
    const inProcess = await openPglite('memory://')
    try {
      const sql = `SELECT $1::timestamptz AS at, $2::bool AS yes, $3::jsonb AS doc, $4::int + 1 AS n, $5::text AS s,
                          $6::numeric AS big, $7::text IS NULL AS none, $8::jsonb AS quoted`
      const params = [new Date('2026-12-02T01:02:03.004Z'), true, { a: [1] }, 41, 'x ü', 12.5, null, '"q"']
      const expected = await inProcess.query(sql, params)
      expect(expected).toEqual([
        {
          at: new Date('2026-12-02T01:02:03.004Z'),
          yes: true,
          doc: { a: [1] },
          n: 42,
          s: 'x ü',
          big: '12.5',
          none: true,
          quoted: 'q',
        },
      ])
      expect(await shared.query(sql, params)).toEqual(expected)
      expect(await shared.query('SELECT $1::int AS n, $2 AS s', [7, 'only strings and numbers'])).toEqual([
        { n: 7, s: 'only strings and numbers' },
      ])
    } finally {
      await inProcess.close()
    }
  })

  it('a plain query sent while a transaction is open waits for it instead of running inside it', async () => {
    const db = shared
    await db.query('CREATE TABLE p (id int PRIMARY KEY)')
    let plain: Promise<unknown> | undefined
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO p VALUES (1)')
        plain = db.query('INSERT INTO p VALUES ($1)', [2])
        await untilPending(db, 1)
        // Run inside the transaction, the plain insert would see row 1 and be rolled back with it.
        expect(await tx.query('SELECT id FROM p ORDER BY id')).toEqual([{ id: 1 }])
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    await plain
    expect(await db.query('SELECT id FROM p ORDER BY id')).toEqual([{ id: 2 }])
  })

  it(
    'a crashed thread fails waiting requests with 503 instead of hanging, and the next request reopens it',
    async () => {
      const dir = dataDir()
      const db = await open(dir)
      await db.query('CREATE TABLE c (id int)')
      await db.query('INSERT INTO c VALUES (1)')
      const slow = db.query('SELECT count(*) FROM generate_series(1, 200000000)')
      const queued = db.query('SELECT 1')
      await untilPending(db, 2)
      await db.worker()?.terminate()
      for (const p of [slow, queued]) {
        const err = await p.then(
          () => undefined,
          (e: unknown) => e,
        )
        expect(err).toBeInstanceOf(ServiceUnavailableError)
        expect((err as ServiceUnavailableError).status).toBe(503)
      }
      // A new thread opens the same directory: the committed row is there.
      expect(await db.query('SELECT id FROM c')).toEqual([{ id: 1 }])
    },
    TWO_OPENS_MS,
  )

  it('an in-memory database lost with its thread stays unavailable rather than coming back empty', async () => {
    const db = await open()
    await db.query('CREATE TABLE m (id int)')
    await db.worker()?.terminate()
    await expect(db.query('SELECT * FROM m')).rejects.toBeInstanceOf(ServiceUnavailableError)
    await expect(db.query('SELECT 1')).rejects.toThrow('in-memory database was lost')
  })

  it(
    'close lets every write sent before it finish, then releases the directory to the next owner',
    async () => {
      const dir = dataDir()
      const db = await open(dir)
      await db.query('CREATE TABLE w (id int PRIMARY KEY)')
      const writes = Array.from({ length: 50 }, (_, i) => db.query('INSERT INTO w VALUES ($1)', [i]))
      await db.close()
      await Promise.all(writes)
      await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(ServiceUnavailableError)
      const again = await openPglite(dir)
      try {
        expect(await again.query('SELECT count(*)::int AS n FROM w')).toEqual([{ n: 50 }])
      } finally {
        await again.close()
      }
    },
    TWO_OPENS_MS,
  )
})
