import type { OutgoingHttpHeaders } from 'node:http'
import { type Logger, ServiceUnavailableError } from '@parley/core'
import { clientResponseHeaders } from './headers.js'
import type { GatewayMetrics } from './metrics.js'
import type { Worker, WorkerPool } from './pool.js'
import { guardStream, streamFormat } from './stream-guard.js'
import { sendUpstream, UpstreamError, type UpstreamTimeouts } from './upstream.js'

export type ForwardOptions = {
  timeouts: UpstreamTimeouts
  /** Workers tried per region before moving on to the next region. */
  attemptsPerRegion: number
  log: Logger
  metrics?: GatewayMetrics
}

export type OutgoingRequest = {
  method: string
  /** Path and query on the worker. */
  pathAndQuery: string
  headers: OutgoingHttpHeaders
  body?: Buffer
}

/**
 * Sends a request to the first usable worker of the first pool that has one, retrying on another worker, then in
 * the next pool, only while nothing has come back yet. Once a response head arrives it is final: its body streams
 * through unbuffered, and `onEnd` runs when the body has ended (or broke, or the client left).
 */
export async function forward(
  pools: readonly WorkerPool[],
  req: OutgoingRequest,
  opts: ForwardOptions,
  onEnd: () => void = () => {},
): Promise<Response> {
  let attempts = 0
  for (const pool of pools) {
    const tried = new Set<Worker>()
    for (let attempt = 0; attempt < opts.attemptsPerRegion; attempt++) {
      const lease = pool.acquire(tried)
      if (!lease) break
      tried.add(lease.worker)
      const labels = { region: pool.region, pool: pool.kind }
      const started = performance.now()
      let res: Awaited<ReturnType<typeof sendUpstream>>
      try {
        // Appended, not resolved, so that a worker URL with a path prefix (behind a proxy) keeps it.
        res = await sendUpstream({ ...req, url: new URL(`${lease.worker.url}${req.pathAndQuery}`) }, opts.timeouts)
      } catch (err) {
        const kind = err instanceof UpstreamError ? err.kind : 'network'
        opts.metrics?.upstreamRequests.inc({ ...labels, outcome: kind })
        // Worker addresses and errors go to the log only; the client learns which pools were tried.
        opts.log.warn({ worker: lease.worker.url, err: (err as Error).message }, 'upstream attempt failed')
        attempts++
        lease.done({ ok: false })
        continue
      }
      const firstByteMs = performance.now() - started
      opts.metrics?.firstByte.observe(labels, firstByteMs / 1000)
      const status = res.statusCode ?? 502
      const serverError = status >= 500
      const body = guardStream(res, {
        format: streamFormat(res.headers['content-type'], res.headers['content-length'] !== undefined),
        idleMs: opts.timeouts.idleMs,
        onEnd: (end) => {
          const workerFault = !end.ok && !end.cancelled
          opts.metrics?.upstreamRequests.inc({
            ...labels,
            outcome: workerFault ? 'mid_stream' : serverError ? 'http_5xx' : 'ok',
          })
          if (workerFault) opts.log.warn({ worker: lease.worker.url, reason: end.reason }, 'stream broke mid-way')
          lease.done({ ok: !workerFault && !serverError, firstByteMs })
          onEnd()
        },
      })
      const nullBody = req.method === 'HEAD' || status === 204 || status === 304
      if (nullBody) void body.cancel()
      return new Response(nullBody ? null : body, { status, headers: clientResponseHeaders(res.headers, pool.region) })
    }
  }
  onEnd()
  const where = pools.map((p) => `${p.region}/${p.kind}`).join(', ')
  throw new ServiceUnavailableError(
    attempts > 0
      ? `No worker answered (${where}) after ${attempts} attempt${attempts > 1 ? 's' : ''}`
      : `No healthy worker in ${where || 'this pool'}`,
    1,
  )
}
