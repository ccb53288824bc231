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
      const workerFault = isWorkerFaultStatus(status)
      const body = guardStream(res, {
        format: streamFormat(res.headers['content-type'], res.headers['content-length'] !== undefined),
        idleMs: opts.timeouts.idleMs,
        firstDataMs: opts.timeouts.firstByteMs,
        onEnd: (end) => {
          const broke = !end.ok && !end.cancelled
          opts.metrics?.upstreamRequests.inc({
            ...labels,
            outcome: broke ? 'mid_stream' : status >= 500 ? 'http_5xx' : 'ok',
          })
          if (broke) opts.log.warn({ worker: lease.worker.url, reason: end.reason }, 'stream broke mid-way')
          // Only the worker's own faults count towards ejection; a request that failed for its own reasons (a 4xx,
          // or a 500 its input caused) says nothing about the worker, or one learner could eject a pool.
          lease.done({ ok: !broke && !workerFault, firstByteMs })
          onEnd()
        },
      })
      const asked = pools[0]!
      if (pool !== asked) opts.metrics?.failovers.inc({ from: asked.region, to: pool.region, pool: pool.kind })
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

/**
 * Statuses that say the worker (or its runtime) is in trouble rather than the request: bad gateway, unavailable
 * (overloaded, draining), timeout. A 500 is the request's own failure here; a worker that fails every request is
 * caught by the active health checks instead.
 */
export function isWorkerFaultStatus(status: number): boolean {
  return status === 502 || status === 503 || status === 504
}
