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

/**
 * Counts and times a request by its route pattern (never the raw path, which would explode cardinality); called by
 * the base app's one middleware with the time it measured, so no timer closure is made per request.
 */
export function httpObserver(metrics: Metrics): (method: string, route: string, status: number, ms: number) => void {
  return (method, route, status, ms) => {
    const labels = { method, route, status: String(status) }
    metrics.httpDuration.observe(labels, ms / 1000)
    metrics.httpRequests.inc(labels)
  }
}
