// The API's GET built up layer by layer over HTTP on a real PostgreSQL (bare HTTP, hono, base app, token check, the
// API app, the repository alone), µs of main-thread CPU per GET in interleaved rounds.
//   node --import tsx bench/api/layers.ts    env: PROFILE_REQUESTS (default 4000), ROUNDS (default 2), ONLY=a,b
// BEFORE_TREE=<dir>: also the API app of another checkout (as in app-cpu.ts), served the same way, same rounds.
import { startApi } from '@parley/api'
import { requireAuth } from '@parley/auth'
import { createBaseApp, createMetrics, serveApp, silentLogger } from '@parley/core'
import { createConversationRepo, openPg } from '@parley/db'
import { startRealPostgres } from '@parley/db/real-postgres'
import { Hono } from 'hono'
import { createApiApp } from '../../services/api/src/app.js'
import { limitsFromConfig } from '../../services/api/src/config.js'
import { verifierFromConfig } from '../../services/api/src/dependencies.js'
import { runLoad } from '../lib/load.js'
import { startBareHttp } from './bare-http.js'
import { httpClient } from './client.js'
import { type PreparedRequest, startLoadThread } from './load-thread.js'
import { body, PER_USER, profileAuth, taskCpu, USERS, uuid } from './profile-fixture.js'

const REQUESTS = Number(process.env.PROFILE_REQUESTS ?? 4000)
const ROUNDS = Number(process.env.ROUNDS ?? 2)
const ONLY = process.env.ONLY?.split(',')
const mainCpu = () => taskCpu(process.pid)
const { issuer, tokens, config } = await profileAuth()
// Everything started is stopped, last first, also when a round fails (a PostgreSQL left running holds a core).
const cleanups: (() => Promise<void>)[] = [() => issuer.close()]
try {
  const server = await startRealPostgres()
  cleanups.push(() => server.stop())
  const db = openPg({ connectionString: server.url, max: 10 })
  cleanups.push(() => db.close())
  const api = await startApi(config, { db, log: silentLogger(), port: 0 })
  cleanups.push(() => api.close())
  const seeder = httpClient(api.url, 20)
  for (let u = 0; u < USERS; u++)
    for (let n = 0; n < PER_USER; n++) await seeder.call('POST', `/conversations/user-${u}`, tokens[u]!, body(u, n))
  const requests: PreparedRequest[] = Array.from({ length: 1000 }, (_, i) => {
    const u = i % USERS
    return { method: 'GET', path: `/conversations/user-${u}/${uuid(u, (i * 7) % PER_USER)}`, token: tokens[u]! }
  })
  const answer = await seeder.call('GET', requests[0]!.path, requests[0]!.token)
  seeder.close()
  const log = silentLogger()
  const verifier = verifierFromConfig(config)
  type App = { fetch: (request: Request) => Response | Promise<Response> }
  // biome-ignore lint/suspicious/noExplicitAny: any app's Env (the base app's variables, auth's) gets the fixed route
  const fixed = (h: Hono<any>) => h.get('/:uid/:id', (c) => c.body(answer, 200, { 'content-type': 'application/json' }))
  const serve = (app: App) => serveApp({ name: 'x', app, log, metrics: createMetrics('x'), port: 0 })
  const bare = await startBareHttp()
  bare.answer(answer)
  const targets: Record<string, string> = { bare: bare.url }
  cleanups.push(bare.close)
  const add = async (name: string, app: App) => {
    const s = await serve(app)
    targets[name] = s.url
    cleanups.push(s.close)
  }
  await add(
    'hono',
    new Hono().get('/conversations/:uid/:id', (c) => c.body(answer, 200, { 'content-type': 'application/json' })),
  )
  await add('hono-route', new Hono().route('/conversations', fixed(new Hono())))
  await add(
    'base',
    createBaseApp({ log, metrics: createMetrics('b'), asyncContext: false }).route('/conversations', fixed(new Hono())),
  )
  await add(
    'base-auth',
    createBaseApp({ log, metrics: createMetrics('c'), asyncContext: false }).route(
      '/conversations',
      fixed(new Hono().use(requireAuth(verifier))),
    ),
  )
  // The same, answered only after a round trip to PostgreSQL (`SELECT 1`): what waiting for a database costs the
  // HTTP side (another socket's write and read, the answer written in a later turn), without the GET's own work.
  await add(
    'base-auth-sql1',
    createBaseApp({ log, metrics: createMetrics('f'), asyncContext: false }).route(
      '/conversations',
      new Hono().use(requireAuth(verifier)).get('/:uid/:id', async (c) => {
        await db.query('SELECT 1')
        return c.body(answer, 200, { 'content-type': 'application/json' })
      }),
    ),
  )
  await add(
    'api-app',
    createApiApp({ db, verifier, limits: limitsFromConfig(config), log, metrics: createMetrics('d') }),
  )
  if (process.env.BEFORE_TREE) {
    const tree = process.env.BEFORE_TREE
    const before = (await import(`${tree}/services/api/src/app.ts`)) as { createApiApp: typeof createApiApp }
    await add(
      'api-before',
      before.createApiApp({ db, verifier, limits: limitsFromConfig(config), log, metrics: createMetrics('e') }),
    )
  }
  targets.api = api.url
  const loader = startLoadThread()
  cleanups.push(async () => void (await loader.close()))
  const repo = createConversationRepo(db)
  const results = new Map<string, number[]>()
  // In this thread, no HTTP: the repository's get, and a bare `SELECT 1` (the pool's and driver's round trip alone).
  const direct: Record<string, (i: number) => Promise<unknown>> = {
    repo: (i) => {
      const [, , u, id] = requests[i % 1000]!.path.split('/')
      return repo.get(u!, id!)
    },
    sql1: () => db.query('SELECT 1'),
  }
  const names = [...Object.keys(targets), ...Object.keys(direct)].filter((n) => !ONLY || ONLY.includes(n))
  for (const n of names) if (!direct[n]) await loader.run(targets[n]!, 'get', requests, 1500, 20)
  for (let r = 0; r < ROUNDS; r++)
    for (const n of r % 2 ? [...names].reverse() : names) {
      const before = mainCpu()
      const call = direct[n]
      if (call) await runLoad({ concurrency: 20, requests: REQUESTS, call })
      else await loader.run(targets[n]!, 'get', requests, REQUESTS, 20)
      const us = ((mainCpu() - before) / REQUESTS) * 1e6
      results.set(n, [...(results.get(n) ?? []), Math.round(us)])
    }
  for (const [n, v] of results) console.log(n.padEnd(14), v.join(' '))
} finally {
  for (const stop of cleanups.reverse()) await stop()
}
