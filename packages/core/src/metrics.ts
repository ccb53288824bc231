import type { MiddlewareHandler } from 'hono'
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client'

export type Metrics = {
  registry: Registry
  httpRequests: Counter<'method' | 'route' | 'status'>
  httpDuration: Histogram<'method' | 'route' | 'status'>
}

/** A registry per service (not the global one), so that several services can share one process in embedded mode. */
export function createMetrics(service: string, opts: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry()
  registry.setDefaultLabels({ service })
  if (opts.defaults ?? true) collectDefaultMetrics({ register: registry })
  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests served, by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  })
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to the response headers, by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  })
  return { registry, httpRequests, httpDuration }
}

/** Counts and times every request by its route pattern (never the raw path, which would explode cardinality). */
export function httpMetrics(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const end = metrics.httpDuration.startTimer()
    try {
      await next()
    } finally {
      const labels = { method: c.req.method, route: c.req.routePath || 'unmatched', status: String(c.res.status) }
      end(labels)
      metrics.httpRequests.inc(labels)
    }
  }
}
