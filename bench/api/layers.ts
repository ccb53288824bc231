// The API's GET built up layer by layer on a real PostgreSQL, to find which layer adds the main thread's CPU per
// request: bare node:http, hono with a fixed body (alone, mounted, under the base app, with the token check), the
// API app, the API as startApi serves it, and the repository's get with no HTTP. Every HTTP target answers the API's
// own GET bytes under the same 20-client load from bench/api's load thread; rounds are interleaved (the order turns
// every round) and each prints its µs of main-thread CPU per GET, read from /proc (steadier than requests/s on a
// shared machine). See docs/api.md, Performance.
//   node --import tsx bench/api/layers.ts
// Env: ROUNDS (default 2), PROFILE_REQUESTS (per target and round, default 4000), ONLY=bare,api,repo (a subset).
import { readFileSync } from 'node:fs'
import { apiEnv, startApi } from '@parley/api'
import { requireAuth } from '@parley/auth'
import { startTestIssuer } from '@parley/auth/testing'
import { createBaseApp, createMetrics, loadConfig, serveApp, silentLogger } from '@parley/core'
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

const REQUESTS = Number(process.env.PROFILE_REQUESTS ?? 4000)
const ROUNDS = Number(process.env.ROUNDS ?? 2)
const ONLY = process.env.ONLY?.split(',')
const USERS = 20
const PER_USER = 50
const uuid = (user: number, n: number) =>
  `00000000-0000-4000-8000-${String(user).padStart(4, '0')}${String(n).padStart(8, '0')}`
const body = (u: number, n: number) =>
  JSON.stringify({
    id: uuid(u, n),
    title: `Weekend talk ${n}`,
    conversation: [
      { role: 'assistant', content: 'Hi! What did you do at the weekend?' },
      { role: 'user', content: `I goed to the park with my friend number ${n}.`, feedback: { issues: [] } },
    ],
    embedding: Array.from({ length: 768 }, (_, i) => Math.sin((u * PER_USER + n) * 31 + i)),
  })
const mainCpu = () => {
  const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
  const x = f.slice(f.lastIndexOf(')') + 2).split(' ')
  return (Number(x[11]) + Number(x[12])) / 100
}
const issuer = await startTestIssuer()
const tokens = await Promise.all(Array.from({ length: USERS }, (_, u) => issuer.sign({ sub: `user-${u}` })))
const config = loadConfig(apiEnv, {
  AUTH_ISSUER: issuer.issuer,
  AUTH_CLIENT_IDS: issuer.clientId,
  EMBED_DIM: '768',
  LOG_LEVEL: 'silent',
})
const server = await startRealPostgres()
const db = openPg({ connectionString: server.url, max: 10 })
const api = await startApi(config, { db, log: silentLogger(), port: 0 })
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
const closers: (() => Promise<void>)[] = [bare.close]
const add = async (name: string, app: App) => {
  const s = await serve(app)
  targets[name] = s.url
  closers.push(s.close)
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
await add('api-app', createApiApp({ db, verifier, limits: limitsFromConfig(config), log, metrics: createMetrics('d') }))
targets.api = api.url
const loader = startLoadThread()
const repo = createConversationRepo(db)
const results = new Map<string, number[]>()
const names = [...Object.keys(targets), 'repo'].filter((n) => !ONLY || ONLY.includes(n))
for (const n of names) if (n !== 'repo') await loader.run(targets[n]!, 'get', requests, 1500, 20)
for (let r = 0; r < ROUNDS; r++)
  for (const n of r % 2 ? [...names].reverse() : names) {
    const before = mainCpu()
    if (n === 'repo')
      await runLoad({
        concurrency: 20,
        requests: REQUESTS,
        call: (i) => {
          const [, , u, id] = requests[i % 1000]!.path.split('/')
          return repo.get(u!, id!)
        },
      })
    else await loader.run(targets[n]!, 'get', requests, REQUESTS, 20)
    const us = ((mainCpu() - before) / REQUESTS) * 1e6
    results.set(n, [...(results.get(n) ?? []), Math.round(us)])
  }
for (const [n, v] of results) console.log(n.padEnd(10), v.join(' '))
await loader.close()
for (const c of closers) await c()
await api.close()
await db.close()
await server.stop()
await issuer.close()
