// The API app's own CPU per GET of one conversation, with no HTTP and no database: `app.fetch` called in this
// process, the database answering one canned row (the values `pg` gives for a stored conversation) at once. Beside
// it, the base app with the token check answering a fixed body: what is left between the two is the GET route's own
// work (its checks, the repository's row handling, the answer's JSON). Steadier than a run over HTTP, which also
// measures the load generator, the sockets and PostgreSQL, so it shows changes of a few µs.
//   node --import tsx bench/api/app-cpu.ts        env: APP_CPU_CALLS (default 20000), ROUNDS (default 5)
// BEFORE_TREE=<dir>: also the API app of another checkout (e.g. `git archive <commit>` unpacked there, with a
// node_modules whose @parley links point into it), in the same rounds: a before/after pair from one run.
import { getRequestListener } from '@hono/node-server'
import { requireAuth } from '@parley/auth'
import { createBaseApp, createMetrics, silentLogger } from '@parley/core'
import type { Db, Row } from '@parley/db'
import { Hono } from 'hono'
import { createApiApp } from '../../services/api/src/app.js'
import { limitsFromConfig } from '../../services/api/src/config.js'
import { verifierFromConfig } from '../../services/api/src/dependencies.js'
import { body, PER_USER, profileAuth, USERS, uuid } from './profile-fixture.js'

const CALLS = Number(process.env.APP_CPU_CALLS ?? 20000)
const ROUNDS = Number(process.env.ROUNDS ?? 5)
const { issuer, tokens, config } = await profileAuth()

/** A stored conversation as `pg` hands it over: jsonb parsed, timestamps as Dates, the vector as its text. */
function storedRow(u: number, n: number) {
  const sent = JSON.parse(body(u, n)) as { id: string; title: string; conversation: unknown[]; embedding: number[] }
  const created = new Date(Date.UTC(2026, 0, 1, 0, 0, n))
  return {
    id: sent.id,
    user_id: `user-${u}`,
    title: sent.title,
    conversation: sent.conversation,
    created_at: created,
    updated_at: new Date(created.getTime() + 1000),
    embedding: `[${sent.embedding.map(Math.fround).join(',')}]`,
  }
}

/** Answers every statement with the row its parameters ($1 user, $2 id) name, as a fresh object each time. */
function cannedDb(): Db {
  const rows = new Map<string, ReturnType<typeof storedRow>>()
  for (let u = 0; u < USERS; u++) for (let n = 0; n < PER_USER; n++) rows.set(uuid(u, n), storedRow(u, n))
  const query = async <T extends Row>(_sql: string, params?: unknown[]) => {
    const row = rows.get(String(params?.[1]))
    return (row && row.user_id === params?.[0] ? [{ ...row }] : []) as unknown as T[]
  }
  return { kind: 'pg', query, transaction: (fn) => fn({ query }), close: async () => {} }
}

const log = silentLogger()
const verifier = verifierFromConfig(config)
const requests = Array.from({ length: 1000 }, (_, i) => {
  const u = i % USERS
  return new Request(`http://api/conversations/user-${u}/${uuid(u, (i * 7) % PER_USER)}`, {
    headers: { authorization: `Bearer ${tokens[u]}` },
  })
})
// As on the server: @hono/node-server swaps in its light Response, whose body a socket would take as it is.
getRequestListener(() => new Response())
const api = createApiApp({
  db: cannedDb(),
  verifier,
  limits: limitsFromConfig(config),
  log,
  metrics: createMetrics('a'),
})
const answer = await (await api.fetch(requests[0]!)).text()
const baseAuth = createBaseApp({ log, metrics: createMetrics('b'), asyncContext: false }).route(
  '/conversations',
  new Hono()
    .use(requireAuth(verifier))
    .get('/:uid/:id', (c) => c.body(answer, 200, { 'content-type': 'application/json' })),
)
type App = { fetch: (r: Request) => Response | Promise<Response> }
const targets: Record<string, App> = { 'base-auth': baseAuth, api }
if (process.env.BEFORE_TREE) {
  const tree = process.env.BEFORE_TREE
  const before = (await import(`${tree}/services/api/src/app.ts`)) as { createApiApp: typeof createApiApp }
  const deps = (await import(`${tree}/services/api/src/dependencies.ts`)) as {
    verifierFromConfig: typeof verifierFromConfig
  }
  targets['api-before'] = before.createApiApp({
    db: cannedDb(),
    verifier: deps.verifierFromConfig(config),
    limits: limitsFromConfig(config),
    log,
    metrics: createMetrics('p'),
  })
  if ((await (await targets['api-before'].fetch(requests[0]!)).text()) !== answer) throw new Error('answers differ')
}

/** µs of this process's CPU per call, the calls one after another. */
async function cpuPerCall(app: App, calls: number) {
  const before = process.cpuUsage()
  for (let i = 0; i < calls; i++) await app.fetch(requests[i % requests.length]!)
  const used = process.cpuUsage(before)
  return (used.user + used.system) / calls
}

try {
  for (const app of Object.values(targets)) await cpuPerCall(app, CALLS / 2)
  const results = new Map<string, number[]>()
  for (let r = 0; r < ROUNDS; r++)
    for (const [name, app] of r % 2 ? Object.entries(targets).reverse() : Object.entries(targets))
      results.set(name, [...(results.get(name) ?? []), Math.round(await cpuPerCall(app, CALLS))])
  for (const [name, us] of results) {
    const median = [...us].sort((a, b) => a - b)[us.length >> 1]
    console.log(`${name.padEnd(10)} median ${median} µs per GET (rounds: ${us.join(' ')})`)
  }
} finally {
  await issuer.close()
}
