// The cost of Parley's service shell (request ids, metrics, error mapping, /healthz) over a bare node:http server
// answering the same JSON, both measured here, in this run, with the same client.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createBaseApp, createMetrics, serveApp, silentLogger } from '@parley/core'
import { printRatio, runLoad } from '../lib/load.js'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000)
const CONCURRENCY = 20

const bare = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end('{"ok":true}')
})
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r))
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/ping`

const log = silentLogger()
const metrics = createMetrics('bench', { defaults: false })
const shell = await serveApp({
  name: 'bench',
  log,
  metrics,
  app: createBaseApp({ log, metrics }).get('/ping', (c) => c.json({ ok: true })),
})

const hit = (url: string) => async () => {
  const res = await fetch(url)
  await res.arrayBuffer()
}
await runLoad({ concurrency: CONCURRENCY, requests: 500, call: hit(bareUrl) }) // warm-up
await runLoad({ concurrency: CONCURRENCY, requests: 500, call: hit(`${shell.url}/ping`) })
const reference = await runLoad({ concurrency: CONCURRENCY, requests: REQUESTS, call: hit(bareUrl) })
const measured = await runLoad({ concurrency: CONCURRENCY, requests: REQUESTS, call: hit(`${shell.url}/ping`) })

console.log(`core service shell, ${REQUESTS} requests, ${CONCURRENCY} concurrent (reference: bare node:http)`)
printRatio('requests/s', measured.perSecond, reference.perSecond, 'req/s')
printRatio('p50 latency', measured.p50Ms, reference.p50Ms, 'ms')
printRatio('p99 latency', measured.p99Ms, reference.p99Ms, 'ms')
await shell.close()
bare.close()
