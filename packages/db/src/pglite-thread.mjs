// The thread that owns PGlite for `openPgliteThread` (pglite-thread-db.ts): PGlite's WASM runs here, off the HTTP
// event loop, so HTTP and SQL use two cores. Plain JavaScript, because a worker thread does not inherit the tsx
// loader that runs the TypeScript sources (nor vitest's), and it needs nothing but PGlite.
//
// Messages in:  {id, op:'query', sql, params, tx?} | {id, op:'begin'} | {id, op:'end', tx, commit} | {id, op:'close'}
// Messages out: {id, rows} | {id, tx} (begin) | {id, done:true} | {id, error:{message, code, …}}
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite, parse, protocol } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'

const port = parentPort
if (!port) throw new Error('pglite-thread.mjs runs as a worker thread')

// Fields of PostgreSQL's error (PGlite's DatabaseError) worth keeping: callers branch on `code` (SQLSTATE).
const ERROR_FIELDS = ['code', 'detail', 'hint', 'position', 'severity', 'constraint', 'table', 'column', 'schema']

/** Errors cross the thread as plain objects: structured clone would keep only the message. */
function plainError(err) {
  const out = { message: err instanceof Error ? err.message : String(err), name: err?.name ?? 'Error' }
  for (const f of ERROR_FIELDS) if (err?.[f] !== undefined) out[f] = err[f]
  return out
}

const db = await PGlite.create(workerData.dir, { extensions: { vector } })
await db.exec('CREATE EXTENSION IF NOT EXISTS vector')

/**
 * A statement in one trip through PGlite's protocol: Parse, Bind, Describe, Execute and Sync sent together, the
 * answer parsed by PGlite's own parsers. `PGlite.query` makes six trips (it first asks for the parameter types to
 * pick a serializer for each value), which cost this thread about a third more CPU per statement. Taken only when
 * every parameter is null, a string (which every PGlite serializer passes on as it is) or a number (sent as its
 * `String`, as node-postgres sends it: PGlite's query would also turn a number bound to a timestamp into a date,
 * which PostgreSQL itself refuses); anything else (a Date, a boolean, an object, bytes) goes through `query`.
 * `inTx`: inside a transaction, which holds PGlite's transaction lock and syncs the files when it ends.
 */
function plainParams(params) {
  for (const p of params)
    if (p !== null && p !== undefined && typeof p !== 'string' && typeof p !== 'number') return false
  return true
}

const { serialize } = protocol

async function oneTrip(sql, params, inTx) {
  const values = params.map((p) => (p === null || p === undefined ? null : String(p)))
  const parts = [
    serialize.parse({ text: sql }),
    serialize.bind({ values }),
    serialize.describe({ type: 'P' }),
    serialize.execute({}),
    serialize.sync(),
  ]
  const message = new Uint8Array(parts.reduce((n, part) => n + part.length, 0))
  let at = 0
  for (const part of parts) {
    message.set(part, at)
    at += part.length
  }
  const { messages } = await db.execProtocol(message, { syncToFs: !inTx })
  return parse.parseResults(messages, db.parsers)[0]
}

/** Runs one statement as `PGlite.query` would (under the same locks), in one trip when its parameters allow. */
function runStatement(q, sql, params, inTx) {
  if (!plainParams(params)) return q.query(sql, params)
  const trip = () => db._runExclusiveQuery(() => oneTrip(sql, params, inTx))
  return inTx ? trip() : db._runExclusiveTransaction(trip)
}

/** Open transactions: id -> the queue their statements arrive on. */
const transactions = new Map()
let nextTx = 1
/** Every request still running, so that close waits for them (no write acknowledged after close is lost). */
const running = new Set()

function track(promise) {
  running.add(promise)
  // Settled either way; a rejection here must not become an unhandled one, which would end the thread.
  promise.then(
    () => running.delete(promise),
    () => running.delete(promise),
  )
  return promise
}

/** Sends rows, or an error if they cannot be cloned, so the caller is answered in any case. */
function answer(id, rows) {
  try {
    port.postMessage({ id, rows })
  } catch (err) {
    port.postMessage({ id, error: plainError(err) })
  }
}

/** A transaction stays open on PGlite's side while its statements come one message at a time. */
function begin(id) {
  const tx = nextTx++
  const steps = []
  let wake
  let endId
  const next = () =>
    steps.length ? Promise.resolve(steps.shift()) : new Promise((resolve) => (wake = resolve)).then(() => steps.shift())
  transactions.set(tx, {
    push(step) {
      steps.push(step)
      wake?.()
      wake = undefined
    },
  })
  const done = db
    .transaction(async (q) => {
      port.postMessage({ id, tx })
      for (;;) {
        const step = await next()
        if (step.op === 'end') {
          endId = step.id
          if (!step.commit) await q.rollback()
          return step
        }
        try {
          answer(step.id, (await runStatement(q, step.sql, step.params, true)).rows)
        } catch (err) {
          port.postMessage({ id: step.id, error: plainError(err) })
        }
      }
    })
    .then(
      (step) => port.postMessage({ id: step.id, done: true }),
      (err) => {
        // The transaction failed as a whole (BEGIN, COMMIT or ROLLBACK): answer whoever waits, begin or end.
        port.postMessage({ id: endId ?? id, error: plainError(err) })
      },
    )
    .finally(() => transactions.delete(tx))
  track(done)
}

async function close(id) {
  for (const t of transactions.values()) t.push({ op: 'end', commit: false, id: -1 })
  await Promise.allSettled([...running])
  await db.close()
  port.postMessage({ id, done: true })
  port.close()
}

port.on('message', (msg) => {
  if (msg.op === 'query' && msg.tx !== undefined) {
    const t = transactions.get(msg.tx)
    if (!t) port.postMessage({ id: msg.id, error: { message: 'transaction is no longer open' } })
    else t.push(msg)
  } else if (msg.op === 'query') {
    track(
      runStatement(db, msg.sql, msg.params, false).then(
        (r) => answer(msg.id, r.rows),
        (err) => port.postMessage({ id: msg.id, error: plainError(err) }),
      ),
    )
  } else if (msg.op === 'begin') begin(msg.id)
  else if (msg.op === 'end') {
    const t = transactions.get(msg.tx)
    if (!t) port.postMessage({ id: msg.id, error: { message: 'transaction is no longer open' } })
    else t.push(msg)
  } else if (msg.op === 'close') void close(msg.id)
})
port.postMessage({ ready: true })
