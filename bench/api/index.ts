// The conversations API's overhead: list, get and upsert through HTTP (auth, validation, JSON, routing) against the
// raw database driver running the very SQL statements those requests issued, both measured here, in this run.
// BENCH_DB=pg measures the `pg` driver through pglite-socket instead of in-process PGlite.
import { Agent, request } from 'node:http'
import { apiEnv, startApi } from '@parley/api'
import { startTestIssuer } from '@parley/auth/testing'
import { loadConfig, silentLogger } from '@parley/core'
import type { Db, Row } from '@parley/db'
import { openTestDb, type TestDbKind } from '@parley/db/testing'
import { type LoadResult, printRatio, runLoad } from '../lib/load.js'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000)
const CONCURRENCY = 20
const USERS = 20
const PER_USER = 50
const EMBED_DIM = 768
const KIND = (process.env.BENCH_DB ?? 'pglite') as TestDbKind

type Statement = { sql: string; params: unknown[] }

/** Wraps a Db so the statements an API call issued can be replayed on the raw driver. */
function recording(db: Db) {
  const seen: Statement[] = []
  const wrapped: Db = {
    kind: db.kind,
    query<T extends Row>(sql: string, params?: unknown[]) {
      seen.push({ sql, params: params ?? [] })
      return db.query<T>(sql, params)
    },
    transaction: (fn) => db.transaction(fn),
    close: () => db.close(),
  }
  return { db: wrapped, take: () => seen.splice(0) }
}

const uuid = (user: number, n: number) =>
  `00000000-0000-4000-8000-${String(user).padStart(4, '0')}${String(n).padStart(8, '0')}`
const embedding = (seed: number) => Array.from({ length: EMBED_DIM }, (_, i) => Math.sin(seed * 31 + i))
const conversation = (n: number) => [
  { role: 'assistant', content: 'Hi! What did you do at the weekend?' },
  {
    role: 'user',
    content: `I goed to the park with my friend number ${n}.`,
    feedback: { issues: [{ original: 'goed' }] },
  },
  { role: 'assistant', content: 'You went to the park! That sounds lovely. What did you do there?' },
]

const issuer = await startTestIssuer()
const raw = await openTestDb(KIND)
const rec = recording(raw)
const config = loadConfig(apiEnv, {
  AUTH_ISSUER: issuer.issuer,
  AUTH_CLIENT_IDS: issuer.clientId,
  EMBED_DIM: String(EMBED_DIM),
  LOG_LEVEL: 'silent',
})
const api = await startApi(config, { db: rec.db, log: silentLogger(), port: 0 })
const tokens = await Promise.all(Array.from({ length: USERS }, (_, u) => issuer.sign({ sub: `user-${u}` })))

// Keep-alive HTTP clients; each load phase gets a fresh agent, so no socket left idle between phases (and closed by
// the server's keep-alive timeout) is ever reused.
let agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
function freshAgent() {
  agent.destroy()
  agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
}

function call(method: string, path: string, user: number, body?: unknown): Promise<void> {
  const payload = body === undefined ? undefined : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request(
      `${api.url}${path}`,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${tokens[user]}`,
          ...(payload && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          (res.statusCode ?? 0) < 300
            ? resolve()
            : reject(new Error(`${method} ${path}: ${res.statusCode} ${Buffer.concat(chunks)}`)),
        )
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

const upsertBody = (u: number, n: number) => ({
  id: uuid(u, n),
  title: `Weekend talk ${n}`,
  conversation: conversation(n),
  embedding: embedding(u * PER_USER + n),
})

// Seed through the API so the data is exactly what it stores.
for (let u = 0; u < USERS; u++) {
  for (let n = 0; n < PER_USER; n++) await call('POST', `/conversations/user-${u}`, u, upsertBody(u, n))
}
rec.take()

const pick = (i: number) => ({ u: i % USERS, n: (i * 7) % PER_USER })
const ops: Record<string, (i: number) => Promise<unknown>> = {
  list: (i) => call('GET', `/conversations/user-${pick(i).u}`, pick(i).u),
  get: (i) => call('GET', `/conversations/user-${pick(i).u}/${uuid(pick(i).u, pick(i).n)}`, pick(i).u),
  upsert: (i) => call('POST', `/conversations/user-${pick(i).u}`, pick(i).u, upsertBody(pick(i).u, pick(i).n)),
}

/** The statements request i issues, rebuilt from one recorded request by swapping its user, id and body. */
async function statementsFor(op: string): Promise<(i: number) => Statement[]> {
  await ops[op]!(0)
  const template = rec.take()
  const { u: u0, n: n0 } = pick(0)
  const body0 = upsertBody(u0, n0)
  return (i) => {
    const { u, n } = pick(i)
    const body = upsertBody(u, n)
    const swap = (p: unknown) => {
      if (p === `user-${u0}`) return `user-${u}`
      if (p === uuid(u0, n0)) return uuid(u, n)
      if (p === body0.title) return body.title
      if (p === JSON.stringify(body0.conversation)) return JSON.stringify(body.conversation)
      if (typeof p === 'string' && p.startsWith('[') && p.includes(',')) return `[${body.embedding.join(',')}]`
      return p
    }
    return template.map((s) => ({ sql: s.sql, params: s.params.map(swap) }))
  }
}

const results: [string, LoadResult, LoadResult][] = []
for (const op of Object.keys(ops)) {
  const statements = await statementsFor(op)
  const viaDriver = async (i: number) => {
    for (const s of statements(i)) await raw.query(s.sql, s.params)
  }
  await runLoad({ concurrency: CONCURRENCY, requests: 200, call: viaDriver }) // warm-up
  const reference = await runLoad({ concurrency: CONCURRENCY, requests: REQUESTS, call: viaDriver })
  freshAgent()
  await runLoad({ concurrency: CONCURRENCY, requests: 200, call: ops[op]! }) // warm-up
  const measured = await runLoad({ concurrency: CONCURRENCY, requests: REQUESTS, call: ops[op]! })
  rec.take()
  results.push([op, measured, reference])
}

console.log(
  `conversations API on ${KIND}, ${USERS} users x ${PER_USER} conversations, EMBED_DIM ${EMBED_DIM}, ` +
    `${REQUESTS} requests per operation, ${CONCURRENCY} concurrent HTTP clients ` +
    `(reference: the same SQL statements on the raw ${KIND} driver, ${CONCURRENCY} concurrent callers)`,
)
for (const [op, measured, reference] of results) {
  printRatio(`${op} requests/s`, measured.perSecond, reference.perSecond, 'req/s')
  printRatio(`${op} p50 latency`, measured.p50Ms, reference.p50Ms, 'ms')
  printRatio(`${op} p99 latency`, measured.p99Ms, reference.p99Ms, 'ms')
}
agent.destroy()
await api.close()
await raw.close()
await issuer.close()
