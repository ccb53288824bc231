// The conversations API's overhead: list, get, upsert and search through HTTP (auth, validation, JSON, routing)
// against the raw database driver running the very SQL statements those requests issued, both measured here, in
// this run, on two databases: a real PostgreSQL 16 + pgvector that this benchmark starts itself (the `pgserver`
// wheel, see @parley/db/real-postgres; the `pg` driver) and PGlite in this process (what `npm start` uses).
// BENCH_DB=pg|pglite runs one of them; BENCH_REQUESTS sets requests per operation; BENCH_SEARCH_ROWS the rows in
// the table searched (default 100,000, of which one user owns BENCH_SEARCH_USER_ROWS, default 2,000).
import { Agent, request } from 'node:http'
import { apiEnv, startApi } from '@parley/api'
import { startTestIssuer } from '@parley/auth/testing'
import { loadConfig, silentLogger } from '@parley/core'
import { type Db, openPg, openPglite, type Queryable, type Row } from '@parley/db'
import { realPostgresAvailable, startRealPostgres } from '@parley/db/real-postgres'
import { type LoadResult, printRatio, runLoad } from '../lib/load.js'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000)
const WARMUP = Math.min(200, REQUESTS)
const CONCURRENCY = 20
const USERS = 20
const PER_USER = 50
const EMBED_DIM = 768
const SEARCH_ROWS = Number(process.env.BENCH_SEARCH_ROWS ?? 100_000)
const SEARCH_USER_ROWS = Math.min(SEARCH_ROWS, Number(process.env.BENCH_SEARCH_USER_ROWS ?? 2000))
const KINDS = (process.env.BENCH_DB ? [process.env.BENCH_DB] : ['pg', 'pglite']) as ('pg' | 'pglite')[]

type Statement = { sql: string; params: unknown[]; tx: boolean }

/** Wraps a Db so the statements an API call issued (inside transactions too) can be replayed on the raw driver. */
function recording(db: Db) {
  const seen: Statement[] = []
  const recorded = (q: Queryable, tx: boolean): Queryable => ({
    query<T extends Row>(sql: string, params?: unknown[]) {
      seen.push({ sql, params: params ?? [], tx })
      return q.query<T>(sql, params)
    },
  })
  const wrapped: Db = {
    kind: db.kind,
    ...recorded(db, false),
    transaction: (fn) => db.transaction((tx) => fn(recorded(tx, true))),
    close: () => db.close(),
  }
  return { db: wrapped, take: () => seen.splice(0) }
}

const uuid = (user: number, n: number) =>
  `00000000-0000-4000-8000-${String(user).padStart(4, '0')}${String(n).padStart(8, '0')}`
const embedding = (seed: number) => Array.from({ length: EMBED_DIM }, (_, i) => Math.sin(seed * 31 + i))
const vectorLiteral = (v: number[]) => `[${v.join(',')}]`
const conversation = (n: number) => [
  { role: 'assistant', content: 'Hi! What did you do at the weekend?' },
  {
    role: 'user',
    content: `I goed to the park with my friend number ${n}.`,
    feedback: { issues: [{ original: 'goed' }] },
  },
  { role: 'assistant', content: 'You went to the park! That sounds lovely. What did you do there?' },
]
const upsertBody = (u: number, n: number) => ({
  id: uuid(u, n),
  title: `Weekend talk ${n}`,
  conversation: conversation(n),
  embedding: embedding(u * PER_USER + n),
})

const SEARCHER = 'searcher'
/**
 * The search table, generated inside the database (one INSERT … SELECT over generate_series: no rows cross the
 * wire, cheaper than COPY): one user with SEARCH_USER_ROWS conversations among SEARCH_ROWS. The migration's HNSW
 * index is dropped for the load and built again once after it, as docs/api.md advises for bulk imports.
 */
async function seedSearchTable(db: Db) {
  const others = SEARCH_ROWS - SEARCH_USER_ROWS
  const [index] = await db.query<{ def: string }>(
    "SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'conversations_embedding_hnsw'",
  )
  if (!index) throw new Error('the migration made no conversations_embedding_hnsw index')
  await db.query('DROP INDEX conversations_embedding_hnsw')
  await db.query(
    `INSERT INTO conversations (id, user_id, title, conversation, embedding, created_at, updated_at)
     SELECT md5('s' || g)::uuid, CASE WHEN g < $1 THEN '${SEARCHER}' ELSE 'other-' || (g % 50) END,
            'Seeded talk ' || g, '[]'::jsonb,
            (SELECT array_agg(sin(g * 7 + i))::real[]::vector FROM generate_series(0, ${EMBED_DIM - 1}) i),
            now(), now()
     FROM generate_series(0, $2::int - 1) g`,
    [SEARCH_USER_ROWS, SEARCH_USER_ROWS + others],
  )
  await db.query(index.def)
  await db.query('ANALYZE conversations')
}

async function openDatabase(kind: 'pg' | 'pglite') {
  if (kind === 'pglite') {
    const db = await openPglite('memory://')
    return { db, label: 'PGlite 0.5 in this process', stop: () => db.close() }
  }
  if (!realPostgresAvailable()) throw new Error('no pgserver wheel: see packages/db/src/real-postgres.ts')
  const server = await startRealPostgres()
  const db = openPg({ connectionString: server.url, max: 10 })
  return {
    db,
    label: 'PostgreSQL 16 + pgvector (pg driver, pool of 10)',
    stop: async () => {
      await db.close()
      await server.stop()
    },
  }
}

const issuer = await startTestIssuer()
const users = [...Array.from({ length: USERS }, (_, u) => `user-${u}`), SEARCHER]
const tokens = await Promise.all(users.map((sub) => issuer.sign({ sub })))

async function benchOn(kind: 'pg' | 'pglite') {
  const database = await openDatabase(kind)
  const raw = database.db
  const rec = recording(raw)
  const config = loadConfig(apiEnv, {
    AUTH_ISSUER: issuer.issuer,
    AUTH_CLIENT_IDS: issuer.clientId,
    EMBED_DIM: String(EMBED_DIM),
    LOG_LEVEL: 'silent',
  })
  const api = await startApi(config, { db: rec.db, log: silentLogger(), port: 0 }).catch(async (err) => {
    await database.stop()
    throw err
  })
  try {
    await measure(kind, database.label, raw, rec, api.url)
  } finally {
    await api.close()
    await database.stop()
  }
}

async function measure(
  kind: 'pg' | 'pglite',
  label: string,
  raw: Db,
  rec: ReturnType<typeof recording>,
  apiUrl: string,
) {
  // Keep-alive HTTP clients; each load phase gets a fresh agent, so no socket left idle between phases (and closed
  // by the server's keep-alive timeout) is ever reused.
  let agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  const freshAgent = () => {
    agent.destroy()
    agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  }
  const call = (method: string, path: string, user: number, body?: unknown): Promise<void> => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    return new Promise((resolve, reject) => {
      const req = request(
        `${apiUrl}${path}`,
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

  // Seed through the API so the data is exactly what it stores; the search table in SQL (see seedSearchTable).
  for (let u = 0; u < USERS; u++) {
    for (let n = 0; n < PER_USER; n++) await call('POST', `/conversations/user-${u}`, u, upsertBody(u, n))
  }
  const seedStarted = performance.now()
  await seedSearchTable(raw)
  const seedSeconds = (performance.now() - seedStarted) / 1000
  // In-process PGlite blocks the event loop while it seeds, long enough for the server to close idle keep-alive
  // sockets; start the measurements on fresh ones.
  freshAgent()
  rec.take()

  const pick = (i: number) => ({ u: i % USERS, n: (i * 7) % PER_USER })
  const searchBody = (i: number) => ({ embedding: embedding(1_000_000 + i), limit: 10 })
  /** Each operation: the request for call i, and the values in its SQL that change with i (to rebuild it). */
  const ops: Record<string, { request: (i: number) => Promise<void>; values: (i: number) => string[] }> = {
    list: {
      request: (i) => call('GET', `/conversations/user-${pick(i).u}`, pick(i).u),
      values: (i) => [`user-${pick(i).u}`],
    },
    get: {
      request: (i) => call('GET', `/conversations/user-${pick(i).u}/${uuid(pick(i).u, pick(i).n)}`, pick(i).u),
      values: (i) => [`user-${pick(i).u}`, uuid(pick(i).u, pick(i).n)],
    },
    upsert: {
      request: (i) => call('POST', `/conversations/user-${pick(i).u}`, pick(i).u, upsertBody(pick(i).u, pick(i).n)),
      values: (i) => {
        const body = upsertBody(pick(i).u, pick(i).n)
        return [
          `user-${pick(i).u}`,
          body.id,
          body.title,
          JSON.stringify(body.conversation),
          vectorLiteral(body.embedding),
        ]
      },
    },
    search: {
      request: (i) => call('POST', `/conversations/${SEARCHER}/search`, USERS, searchBody(i)),
      values: (i) => [vectorLiteral(searchBody(i).embedding)],
    },
  }

  /** The statements request i issues, rebuilt from one recorded request by swapping the values that vary. */
  async function statementsFor(op: string): Promise<(i: number) => Statement[]> {
    // The second of two identical requests: one-time work (a version probe, say) is not part of every request.
    await ops[op]!.request(0)
    rec.take()
    await ops[op]!.request(0)
    const template = rec.take()
    const first = ops[op]!.values(0)
    return (i) => {
      const now = ops[op]!.values(i)
      const swap = (p: unknown) => {
        const at = typeof p === 'string' ? first.indexOf(p) : -1
        return at < 0 ? p : now[at]
      }
      return template.map((s) => ({ ...s, params: s.params.map(swap) }))
    }
  }
  const replay = async (statements: Statement[]) => {
    const plain = statements.filter((s) => !s.tx)
    const inTx = statements.filter((s) => s.tx)
    for (const s of plain) await raw.query(s.sql, s.params)
    if (inTx.length)
      await raw.transaction(async (tx) => {
        for (const s of inTx) await tx.query(s.sql, s.params)
      })
  }

  const results: [string, LoadResult, LoadResult][] = []
  for (const [op, { request: viaApi }] of Object.entries(ops)) {
    const statements = await statementsFor(op)
    const viaDriver = (i: number) => replay(statements(i))
    await runLoad({ concurrency: CONCURRENCY, requests: WARMUP, call: viaDriver })
    const reference = await runLoad({ concurrency: CONCURRENCY, requests: REQUESTS, call: viaDriver })
    freshAgent()
    await runLoad({ concurrency: CONCURRENCY, requests: WARMUP, call: viaApi })
    const measured = await runLoad({ concurrency: CONCURRENCY, requests: REQUESTS, call: viaApi })
    rec.take()
    results.push([op, measured, reference])
  }

  console.log(
    `\nconversations API on ${label}: ${USERS} users x ${PER_USER} conversations for list/get/upsert; ` +
      `search over ${SEARCH_ROWS} rows (one user owns ${SEARCH_USER_ROWS}; seeded in ${seedSeconds.toFixed(1)} s); ` +
      `EMBED_DIM ${EMBED_DIM}, ${REQUESTS} requests per operation, ${CONCURRENCY} concurrent HTTP clients ` +
      `(reference: the same SQL statements on the raw ${kind} driver, ${CONCURRENCY} concurrent callers)`,
  )
  for (const [op, measured, reference] of results) {
    printRatio(`${kind} ${op} requests/s`, measured.perSecond, reference.perSecond, 'req/s')
    printRatio(`${kind} ${op} p50 latency`, measured.p50Ms, reference.p50Ms, 'ms')
    printRatio(`${kind} ${op} p95 latency`, measured.p95Ms, reference.p95Ms, 'ms')
  }
  agent.destroy()
}

try {
  for (const kind of KINDS) await benchOn(kind)
} finally {
  await issuer.close()
}
