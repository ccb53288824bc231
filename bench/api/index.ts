// The conversations API's overhead: list, get, upsert and search through HTTP (auth, validation, JSON, routing)
// against the raw database driver running the very SQL statements those requests issued, both measured here, in
// this run, in interleaved rounds (medians reported), on two databases:
// - a real PostgreSQL 16 + pgvector that this benchmark starts itself (the `pgserver` wheel, see
//   @parley/db/real-postgres; `pg` driver, pool of 10), the same server for the API and the raw driver;
// - PGlite as `npm start` runs it (in its own worker thread, openPgliteThread), against the raw PGlite driver in
//   this process; and, for the before/after of that thread, the API on PGlite in this process.
// Env: BENCH_DB=pg|pglite (one of them), BENCH_REQUESTS (per round and operation), BENCH_ROUNDS,
// BENCH_SEARCH_ROWS (PostgreSQL, default 100,000), BENCH_PGLITE_SEARCH_ROWS (default 5,000),
// BENCH_SEARCH_USER_ROWS (the searcher's rows, default 2,000), BENCH_PGLITE_INPROCESS=0 (skip that variant),
// BENCH_CLIENT=thread|inline (the HTTP load generator in its own worker thread, the default, or on the API's event
// loop as before), BEFORE_TREE=<dir> (also the API of another checkout, e.g. `git archive <commit>` unpacked there
// with a node_modules whose @parley links point into it, as one more subject: on PostgreSQL on the same server, on
// PGlite in a thread of its own; a before/after pair from one run).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { apiEnv, startApi } from '@parley/api'
import { startTestIssuer } from '@parley/auth/testing'
import { loadConfig, type RunningService, silentLogger } from '@parley/core'
import { type Db, migrateConversations, openPg, openPglite, openPgliteThread } from '@parley/db'
import { realPostgresAvailable, startRealPostgres } from '@parley/db/real-postgres'
import { printRatio } from '../lib/load.js'
import { type Contender, interleavedRounds, load1, median, roundRatios } from '../lib/rounds.js'
import { startBareHttp } from './bare-http.js'
import { httpClient } from './client.js'
import { type PreparedRequest, startLoadThread } from './load-thread.js'
import { recording, replay, type Statement } from './recording.js'
import { SEARCHER, seedSearchTable } from './search-table.js'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const WARMUP = Math.min(100, REQUESTS)
const CONCURRENCY = 20
const USERS = 20
const PER_USER = 50
const EMBED_DIM = 768
const SEARCH_ROWS = {
  pg: Number(process.env.BENCH_SEARCH_ROWS ?? 100_000),
  pglite: Number(process.env.BENCH_PGLITE_SEARCH_ROWS ?? 5000),
}
const SEARCH_USER_ROWS = Number(process.env.BENCH_SEARCH_USER_ROWS ?? 2000)
const KINDS = (process.env.BENCH_DB ? [process.env.BENCH_DB] : ['pg', 'pglite']) as ('pg' | 'pglite')[]
const PGLITE_INPROCESS = process.env.BENCH_PGLITE_INPROCESS !== '0'
const CLIENT_THREAD = (process.env.BENCH_CLIENT ?? 'thread') === 'thread'
const loader = CLIENT_THREAD ? startLoadThread() : undefined
const BEFORE_TREE = process.env.BEFORE_TREE
const startBefore = BEFORE_TREE
  ? ((await import(`${BEFORE_TREE}/services/api/src/index.ts`)) as { startApi: typeof startApi }).startApi
  : undefined

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

const issuer = await startTestIssuer()
const users = [...Array.from({ length: USERS }, (_, u) => `user-${u}`), SEARCHER]
const tokens = await Promise.all(users.map((sub) => issuer.sign({ sub })))
const config = loadConfig(apiEnv, {
  AUTH_ISSUER: issuer.issuer,
  AUTH_CLIENT_IDS: issuer.clientId,
  EMBED_DIM: String(EMBED_DIM),
  LOG_LEVEL: 'silent',
})

/** An API under test: served over HTTP on its own database, whose statements are recorded. */
type Subject = { name: string; api: RunningService; rec: ReturnType<typeof recording>; raw: Db }

async function startSubject(name: string, db: Db, start: typeof startApi = startApi): Promise<Subject> {
  const rec = recording(db)
  const api = await start(config, { db: rec.db, log: silentLogger(), port: 0 })
  rec.take() // the migration's statements
  return { name, api, rec, raw: db }
}

/** The databases of one kind: the anchor (raw driver) and the APIs measured against it. */
async function setUp(kind: 'pg' | 'pglite') {
  const cleanups: (() => Promise<void>)[] = []
  const stop = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((err) => console.error(err))
  }
  try {
    if (kind === 'pg') {
      if (!realPostgresAvailable()) throw new Error('no pgserver wheel: see packages/db/src/real-postgres.ts')
      const server = await startRealPostgres()
      cleanups.push(() => server.stop())
      const anchor = openPg({ connectionString: server.url, max: 10 })
      cleanups.push(() => anchor.close())
      const api = await startSubject('API', anchor)
      cleanups.push(() => api.api.close())
      const subjects = [api]
      if (startBefore) {
        subjects.push(await startSubject('API before', anchor, startBefore))
        cleanups.push(() => subjects[1]!.api.close())
      }
      return { anchor, anchorName: 'raw pg driver', shared: true, subjects, stop }
    }
    const dir = mkdtempSync(join(tmpdir(), 'parley-bench-api-'))
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    const open = async <T extends Db>(db: Promise<T>) => {
      const opened = await db
      cleanups.push(() => opened.close())
      return opened
    }
    const anchor = await open(openPglite(join(dir, 'raw')))
    await migrateConversations(anchor, { embedDim: EMBED_DIM })
    const subjects = [await startSubject('API, PGlite thread', await open(openPgliteThread(join(dir, 'thread'))))]
    cleanups.push(() => subjects[0]!.api.close())
    if (PGLITE_INPROCESS) {
      subjects.push(await startSubject('API, PGlite in-process', await open(openPglite(join(dir, 'inprocess')))))
      cleanups.push(() => subjects[1]!.api.close())
    }
    if (startBefore) {
      const before = await startSubject(
        'API before, PGlite thread',
        await open(openPgliteThread(join(dir, 'before'))),
        startBefore,
      )
      subjects.push(before)
      cleanups.push(() => before.api.close())
    }
    return { anchor, anchorName: 'raw PGlite in-process', shared: false, subjects, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

type Goal = { what: string; ratio: number; target: string; met: boolean }
const goals: Goal[] = []

async function benchOn(kind: 'pg' | 'pglite') {
  const loadAtStart = load1()
  const setup = await setUp(kind)
  try {
    await measure(kind, setup, loadAtStart)
  } finally {
    await setup.stop()
  }
}

async function measure(kind: 'pg' | 'pglite', setup: Awaited<ReturnType<typeof setUp>>, loadAtStart: string) {
  const clients = new Map(setup.subjects.map((s) => [s.name, httpClient(s.api.url, CONCURRENCY)]))
  const bare = await startBareHttp()
  try {
    clients.set(BARE, httpClient(bare.url, CONCURRENCY))
    await measureWith(kind, setup, loadAtStart, clients, bare)
  } finally {
    for (const c of clients.values()) c.close()
    await bare.close()
  }
}

/** The bare HTTP server's contender name (see bare-http.ts). */
const BARE = 'bare HTTP'

async function measureWith(
  kind: 'pg' | 'pglite',
  setup: Awaited<ReturnType<typeof setUp>>,
  loadAtStart: string,
  clients: Map<string, ReturnType<typeof httpClient>>,
  bare: Awaited<ReturnType<typeof startBareHttp>>,
) {
  const { anchor, subjects } = setup
  const first = subjects[0]!

  // Seed each API's database through that API, so the data is exactly what it stores; the anchor gets the same
  // statements (unless it is the same database), and every database the same generated search table.
  for (const s of subjects) {
    const client = clients.get(s.name)!
    for (let u = 0; u < USERS; u++)
      for (let n = 0; n < PER_USER; n++)
        await client.call('POST', `/conversations/user-${u}`, tokens[u]!, JSON.stringify(upsertBody(u, n)))
    const seeded = s.rec.take()
    if (s === first && !setup.shared) for (const st of seeded) await replay(anchor, [st])
  }
  const seedSeconds: number[] = []
  for (const db of setup.shared ? [anchor] : [anchor, ...subjects.map((s) => s.raw)])
    seedSeconds.push(await seedSearchTable(db, SEARCH_ROWS[kind], SEARCH_USER_ROWS, EMBED_DIM))
  for (const c of clients.values()) c.fresh()

  const pick = (i: number) => ({ u: i % USERS, n: (i * 7) % PER_USER })
  const searchBody = (i: number) => ({ embedding: embedding(1_000_000 + i), limit: 10 })
  /** Each operation: the request for call i (method, path, user, body), and the SQL values that change with i. */
  const ops: Record<
    string,
    { request: (i: number) => [string, string, number, unknown?]; values: (i: number) => string[] }
  > = {
    list: {
      request: (i) => ['GET', `/conversations/user-${pick(i).u}`, pick(i).u],
      values: (i) => [`user-${pick(i).u}`],
    },
    get: {
      request: (i) => ['GET', `/conversations/user-${pick(i).u}/${uuid(pick(i).u, pick(i).n)}`, pick(i).u],
      values: (i) => [`user-${pick(i).u}`, uuid(pick(i).u, pick(i).n)],
    },
    upsert: {
      request: (i) => ['POST', `/conversations/user-${pick(i).u}`, pick(i).u, upsertBody(pick(i).u, pick(i).n)],
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
      request: (i) => ['POST', `/conversations/${SEARCHER}/search`, USERS, searchBody(i)],
      values: (i) => [vectorLiteral(searchBody(i).embedding)],
    },
  }
  const total = Math.max(REQUESTS, WARMUP)

  const report: string[] = []
  const line = (s: string) => report.push(s)
  let searchRows = -1
  const results: Record<string, Record<string, import('../lib/load.js').LoadResult[]>> = {}
  for (const [op, { request, values }] of Object.entries(ops)) {
    // Requests prepared before the clock starts: paths, tokens and JSON bodies.
    const prepared: PreparedRequest[] = Array.from({ length: total }, (_, i) => {
      const [method, path, user, body] = request(i)
      return { method, path, token: tokens[user]!, payload: body === undefined ? undefined : JSON.stringify(body) }
    })
    const send = (name: string) => {
      const client = clients.get(name)!
      return (i: number) => {
        const p = prepared[i % total]!
        return client.call(p.method, p.path, p.token, p.payload)
      }
    }
    // The statements of request i, rebuilt from one recorded request (the second of two identical ones, so that
    // one-time work such as a version probe is left out) by swapping the values that vary with i.
    await send(first.name)(0)
    first.rec.take()
    const answer = await send(first.name)(0)
    if (op === 'search') searchRows = (JSON.parse(answer) as { data: unknown[] }).data.length
    bare.answer(answer)
    const template = first.rec.take()
    for (const s of subjects) s.rec.take()
    const first0 = values(0)
    const statements: Statement[][] = Array.from({ length: total }, (_, i) => {
      const now = values(i)
      const swap = (p: unknown) => {
        const at = typeof p === 'string' ? first0.indexOf(p) : -1
        return at < 0 ? p : now[at]
      }
      return template.map((s) => ({ ...s, params: s.params.map(swap) }))
    })
    const contenders: Contender[] = [
      { name: setup.anchorName, call: (i) => replay(anchor, statements[i % total]!) },
      ...subjects.map(
        (s): Contender =>
          loader
            ? { name: s.name, run: (n) => loader.run(s.api.url, `${kind} ${op}`, prepared, n, CONCURRENCY) }
            : { name: s.name, call: send(s.name) },
      ),
      loader
        ? { name: BARE, run: (n) => loader.run(bare.url, `${kind} ${op}`, prepared, n, CONCURRENCY) }
        : { name: BARE, call: send(BARE) },
    ]
    results[op] = await interleavedRounds({
      contenders,
      rounds: ROUNDS,
      concurrency: CONCURRENCY,
      requests: REQUESTS,
      warmup: WARMUP,
      before: (name) => clients.get(name)?.fresh(),
    })
    for (const s of subjects) s.rec.take()
  }

  console.log(
    `\nconversations API on ${kind === 'pg' ? 'PostgreSQL 16 + pgvector 0.6.2 (pg driver, pool of 10)' : 'PGlite 0.5 (pgvector 0.8.7)'}: ` +
      `${USERS} users x ${PER_USER} conversations for list/get/upsert; search over ${SEARCH_ROWS[kind]} rows ` +
      `(one user owns ${SEARCH_USER_ROWS}; seeded in ${seedSeconds.map((s) => s.toFixed(0)).join('/')} s; ` +
      `one search answers ${searchRows} rows); EMBED_DIM ${EMBED_DIM}; ${ROUNDS} interleaved rounds of ${REQUESTS} ` +
      `requests per operation, ${CONCURRENCY} concurrent clients (${loader ? 'in a load thread' : 'on the API event loop'}); reference: ${setup.anchorName} running the same ` +
      `SQL statements; medians over rounds; load average ${loadAtStart} at start, ${load1()} at end (2 cores)`,
  )
  for (const [op, byName] of Object.entries(results)) {
    const ref = byName[setup.anchorName]!
    for (const s of subjects) {
      const got = byName[s.name]!
      const rps = roundRatios(got, ref, (r) => r.perSecond)
      const p95 = roundRatios(got, ref, (r) => r.p95Ms)
      const label = `${kind} ${op} ${s.name}`
      printRatio(`${label} req/s`, median(got.map((r) => r.perSecond)), median(ref.map((r) => r.perSecond)), 'req/s')
      printRatio(`${label} p95`, median(got.map((r) => r.p95Ms)), median(ref.map((r) => r.p95Ms)), 'ms')
      line(
        `  ${label.padEnd(42)} req/s ratio per round ${rps.ratios.map((x) => x.toFixed(2)).join(' ')}; p95 ratio ${p95.ratios.map((x) => x.toFixed(2)).join(' ')}`,
      )
      if (s !== first) continue
      if (op === 'search')
        goals.push({
          what: `${kind} search p95, API ÷ SQL`,
          ratio: p95.median,
          target: '<= 1.5',
          met: p95.median <= 1.5,
        })
      else if (kind === 'pglite' || op !== 'list')
        goals.push({
          what: `${kind} ${op} req/s, API ÷ raw driver`,
          ratio: rps.median,
          target: kind === 'pg' ? '>= 0.5' : '>= 0.9',
          met: rps.median >= (kind === 'pg' ? 0.5 : 0.9),
        })
    }
    const bareHttp = byName[BARE]!
    line(
      `  ${`${kind} ${op}`.padEnd(42)} bare HTTP ÷ ${setup.anchorName}, req/s: ${roundRatios(bareHttp, ref, (r) => r.perSecond).median.toFixed(3)}; ${first.name} ÷ bare HTTP: ${roundRatios(byName[first.name]!, bareHttp, (r) => r.perSecond).median.toFixed(3)}`,
    )
    const beforeSubject = subjects.find((s) => s.name.startsWith('API before'))
    if (beforeSubject)
      line(
        `  ${`${kind} ${op}`.padEnd(42)} ${first.name} ÷ ${beforeSubject.name}, req/s: ${roundRatios(byName[first.name]!, byName[beforeSubject.name]!, (r) => r.perSecond).median.toFixed(3)}`,
      )
    const inProcessSubject = subjects.find((s) => s.name.endsWith('in-process'))
    if (inProcessSubject) {
      const thread = byName[subjects[0]!.name]!
      const inProcess = byName[inProcessSubject.name]!
      line(
        `  ${`${kind} ${op}`.padEnd(42)} PGlite thread ÷ in-process, req/s: ${roundRatios(thread, inProcess, (r) => r.perSecond).median.toFixed(3)}`,
      )
    }
  }
  for (const l of report) console.log(l)
}

try {
  for (const kind of KINDS) await benchOn(kind)
  console.log('\ngoals (median of per-round ratios, measured in this run):')
  for (const g of goals)
    console.log(
      `  ${g.what.padEnd(40)} ${g.ratio.toFixed(3).padStart(7)}  target ${g.target.padEnd(7)} ${g.met ? 'met' : 'NOT met'}`,
    )
} finally {
  await loader?.close()
  await issuer.close()
}
