import { createBaseApp, type Logger, limitBody, type RunningService, serveApp } from '@parley/core'
import { type Clock, systemClock } from './clock.js'
import { type ForwardOptions, forward } from './forwarder.js'
import { upstreamRequestHeaders } from './headers.js'
import { HealthChecker } from './health-checker.js'
import { WorkerPool } from './pool.js'
import { assertSafePath, rawPathAndQuery } from './request-path.js'
import { STRATEGIES, type StrategyName } from './strategies/index.js'

export type PoolBalancerOptions = {
  /** Names the service in logs and in its `<name>: <url>` line, e.g. `llm-balancer-us-east-1`. */
  name: string
  region: string
  urls: readonly string[]
  log: Logger
  forwarding: Omit<ForwardOptions, 'log' | 'metrics'>
  strategy?: StrategyName
  healthIntervalMs?: number
  maxBodyBytes?: number
  port?: number
  clock?: Clock
}

/**
 * One pool behind one loopback URL, with no auth: what a regional ALB is to the chat and scoring workers, which
 * take a single LLM URL. Same picking, health checks, ejection and retry-before-first-byte as the gateway.
 */
export async function startPoolBalancer(opts: PoolBalancerOptions): Promise<RunningService> {
  const clock = opts.clock ?? systemClock
  const pool = new WorkerPool(
    opts.region,
    'llm',
    opts.urls,
    STRATEGIES[opts.strategy ?? 'least-outstanding'](),
    { ejectAfterFailures: 3, cooldownMs: 10_000 },
    clock,
  )
  const health = new HealthChecker(
    pool.workers,
    { intervalMs: opts.healthIntervalMs ?? 2_000, timeoutMs: 2_000 },
    opts.log,
  )
  await health.start()
  const forwarding = { ...opts.forwarding, log: opts.log }
  const app = createBaseApp({ log: opts.log }).all('*', limitBody(opts.maxBodyBytes ?? 8 * 1024 * 1024), async (c) => {
    const { path, query } = rawPathAndQuery(c)
    assertSafePath(path)
    const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? undefined : Buffer.from(await c.req.arrayBuffer())
    return forward(
      [pool],
      {
        method: c.req.method,
        pathAndQuery: `${path}${query}`,
        headers: upstreamRequestHeaders(c.req.raw.headers, undefined, body?.length ?? 0),
        body,
      },
      forwarding,
    )
  })
  return serveApp({
    name: opts.name,
    app,
    log: opts.log,
    port: opts.port ?? 0,
    health: () => ({ workers: pool.snapshot() }),
    onClose: async () => health.stop(),
  })
}
