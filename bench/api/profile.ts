// A narrow driver for profiling one operation of the conversations API under load: the API in this process on a
// real PostgreSQL (or PGlite in its thread), the HTTP load generator in its own thread, and nothing else, so that
// a profile of this process shows the API's own frames. Prints each thread's CPU per request (main, PGlite's, the
// load generator's, V8's helpers), read from /proc around the load phase: it moves less with the machine's load
// than requests/s do. Prints `measuring (pid N)` when the load starts, for `perf record -p N`.
//   PROFILE_OUT=/tmp/get.cpuprofile node --import tsx bench/api/profile.ts
// Env: PROFILE_DB=pg|pglite, PROFILE_OP=get|list|upsert, PROFILE_REQUESTS (default 6000), PROFILE_OUT (a CPU
// profile of the main thread during the measured load only, for Chrome's DevTools or a script), PROFILE_TARGET=bare
// (the bare HTTP server of bench/api answering the API's answer instead: the floor that HTTP alone sets) or
// PROFILE_TARGET=repo (get only: the repository's call in this thread, no HTTP: the raw driver's share).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startApi } from '@parley/api'
import { silentLogger } from '@parley/core'
import { createConversationRepo, type Db, openPg, openPgliteThread } from '@parley/db'
import { startRealPostgres } from '@parley/db/real-postgres'
import { runLoad } from '../lib/load.js'
import { startBareHttp } from './bare-http.js'
import { httpClient } from './client.js'
import { type PreparedRequest, startLoadThread } from './load-thread.js'
import { body, PER_USER, profileAuth, threadCpu, USERS, uuid } from './profile-fixture.js'

const KIND = process.env.PROFILE_DB ?? 'pg'
const OP = process.env.PROFILE_OP ?? 'get'
const REQUESTS = Number(process.env.PROFILE_REQUESTS ?? 6000)
const { issuer, tokens, config } = await profileAuth()
const cleanups: (() => Promise<void>)[] = []
try {
  let db: Db
  if (KIND === 'pg') {
    const server = await startRealPostgres()
    cleanups.push(() => server.stop())
    db = openPg({ connectionString: server.url, max: 10 })
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'parley-profile-'))
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    db = await openPgliteThread(dir)
  }
  cleanups.push(() => db.close())
  const api = await startApi(config, { db, log: silentLogger(), port: 0 })
  cleanups.push(() => api.close())
  const seeder = httpClient(api.url, 20)
  for (let u = 0; u < USERS; u++)
    for (let n = 0; n < PER_USER; n++) await seeder.call('POST', `/conversations/user-${u}`, tokens[u]!, body(u, n))
  seeder.close()

  const requests: PreparedRequest[] = Array.from({ length: 1000 }, (_, i) => {
    const u = i % USERS
    const n = (i * 7) % PER_USER
    const token = tokens[u]!
    if (OP === 'list') return { method: 'GET', path: `/conversations/user-${u}`, token }
    if (OP === 'upsert') return { method: 'POST', path: `/conversations/user-${u}`, token, payload: body(u, n) }
    return { method: 'GET', path: `/conversations/user-${u}/${uuid(u, n)}`, token }
  })
  let url = api.url
  // PROFILE_TARGET=repo: the repository's call for each request, in this thread, with no HTTP (get only).
  const repo = createConversationRepo(db)
  const repoCall = (r: PreparedRequest) => {
    const [, , user, id] = r.path.split('/')
    return repo.get(user!, id!)
  }
  if (process.env.PROFILE_TARGET === 'bare') {
    const bare = await startBareHttp()
    cleanups.push(() => bare.close())
    const r = requests[0]!
    const answer = await httpClient(api.url, 1).call(r.method, r.path, r.token, r.payload)
    bare.answer(answer)
    url = bare.url
  }
  const loader = startLoadThread()
  cleanups.push(() => loader.close().then(() => undefined))
  await loader.run(url, OP, requests, 500, 20)
  const session = process.env.PROFILE_OUT ? new Session() : undefined
  session?.connect()
  await session?.post('Profiler.enable')
  await session?.post('Profiler.start')
  console.error(`measuring (pid ${process.pid})`) // for a profiler attached from outside, e.g. perf record -p
  const cpu = threadCpu()
  const result =
    process.env.PROFILE_TARGET === 'repo'
      ? await runLoad({ concurrency: 20, requests: REQUESTS, call: (i) => repoCall(requests[i % requests.length]!) })
      : await loader.run(url, OP, requests, REQUESTS, 20)
  const after = threadCpu()
  if (session) {
    const { profile } = await session.post('Profiler.stop')
    writeFileSync(process.env.PROFILE_OUT!, JSON.stringify(profile))
    session.disconnect()
  }
  // Per thread (the main one first), in µs per request; threads that used under 20 µs are left out.
  const perRequest = [...after]
    .map(([task, s]) => [task, ((s - (cpu.get(task) ?? 0)) / REQUESTS) * 1e6] as const)
    .filter(([task, us]) => task.startsWith(`${process.pid}:`) || us >= 20)
    .map(([task, us]) => `${task.startsWith(`${process.pid}:`) ? 'main' : task} ${us.toFixed(0)}`)
  console.log(
    `${KIND} ${OP}${process.env.PROFILE_TARGET === 'bare' ? ' (bare HTTP)' : ''}: ${result.perSecond.toFixed(0)} req/s, p95 ${result.p95Ms.toFixed(1)} ms; CPU per request ` +
      `by thread, µs: ${perRequest.join(', ')}`,
  )
} finally {
  for (const fn of cleanups.reverse()) await fn().catch((err) => console.error(err))
  await issuer.close()
}
