import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import type { Upstreams } from './upstreams.js'

export type GatewayMetrics = {
  upstreamRequests: Counter<'region' | 'pool' | 'outcome'>
  firstByte: Histogram<'region' | 'pool'>
  /** Requests answered by another region's pool than the one asked for. */
  failovers: Counter<'from' | 'to' | 'pool'>
}

/** Gateway-specific series on the service's registry: upstream outcomes, time to first byte, pool health. */
export function gatewayMetrics(registry: Registry, upstreams: Upstreams): GatewayMetrics {
  new Gauge({
    name: 'gateway_pool_workers',
    help: 'Workers per pool, by state (usable or out)',
    labelNames: ['region', 'pool', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const pool of upstreams.allPools()) {
        const s = pool.snapshot()
        this.set({ region: pool.region, pool: pool.kind, state: 'usable' }, s.healthy)
        this.set({ region: pool.region, pool: pool.kind, state: 'out' }, s.total - s.healthy)
      }
    },
  })
  new Counter({
    name: 'gateway_ejections_total',
    help: 'Workers taken out of their pool after consecutive infrastructure failures',
    labelNames: ['region', 'pool'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const pool of upstreams.allPools())
        this.inc(
          { region: pool.region, pool: pool.kind },
          pool.workers.reduce((n, w) => n + w.ejections, 0),
        )
    },
  })
  return {
    failovers: new Counter({
      name: 'gateway_failovers_total',
      help: 'Requests served by another region than the one asked for (from = asked, to = served)',
      labelNames: ['from', 'to', 'pool'] as const,
      registers: [registry],
    }),
    upstreamRequests: new Counter({
      name: 'gateway_upstream_requests_total',
      help: 'Upstream attempts by outcome (ok, http_5xx, connect_timeout, first_byte_timeout, network, mid_stream)',
      labelNames: ['region', 'pool', 'outcome'] as const,
      registers: [registry],
    }),
    firstByte: new Histogram({
      name: 'gateway_upstream_first_byte_seconds',
      help: 'Time from sending a request upstream to its response head',
      labelNames: ['region', 'pool'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  }
}
