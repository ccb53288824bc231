import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono, type MiddlewareHandler } from 'hono'
import { errorResponse } from './app.js'
import { errorBody } from './errors.js'
import {
  applyIdleTimeout,
  type HttpTimeouts,
  httpTimeoutsFromEnv,
  lingerOnClose,
  serverOptionsFor,
} from './http-limits.js'
import type { Logger } from './logger.js'
import type { Metrics } from './metrics.js'

/** A service listening on a port, as `parley start` and the tests hold it. */
export type RunningService = {
  name: string
  url: string
  port: number
  /** Where /metrics is served when it has its own internal listener (`metricsPort`). */
  metricsUrl?: string
  /** Stops accepting, lets in-flight requests finish up to the deadline, then closes what is left. */
  close(): Promise<void>
}

type FetchApp = { fetch: (req: Request, ...rest: never[]) => Response | Promise<Response> }

export type ServeOptions = {
  name: string
  app: FetchApp
  log: Logger
  metrics?: Metrics
  port?: number
  host?: string
  /** Extra fields for /healthz; throwing marks the service unhealthy (503). */
  health?: () => unknown | Promise<unknown>
  shutdownTimeoutMs?: number
  /** Header, request, keep-alive and idle deadlines; unset = the HTTP_*_TIMEOUT_MS variables or their defaults. */
  timeouts?: Partial<HttpTimeouts>
  /**
   * Serve /metrics on a second listener (an internal port for Prometheus) instead of the main one; 0 = any free
   * port. Unset = on the main port, behind `metricsGuard` when one is given.
   */
  metricsPort?: number
  /** Address of the metrics listener; default 127.0.0.1. */
  metricsHost?: string
  /** Runs before /metrics on the main port, e.g. to require an admin token on a public origin. */
  metricsGuard?: MiddlewareHandler
  /** Runs after the server stopped, e.g. to close the database or unload models. */
  onClose?: () => Promise<void>
}

/** Serves a Hono app on Node with /healthz, /metrics and graceful shutdown. */
export async function serveApp(opts: ServeOptions): Promise<RunningService> {
  const { name, log } = opts
  let draining = false
  const outer = new Hono()
  // A metricsGuard's 401/403 become the usual JSON errors.
  outer.onError((err, c) => errorResponse(err, c, log))
  outer.get('/healthz', async (c) => {
    if (draining) return c.json({ status: 'draining', service: name }, 503)
    try {
      const extra = opts.health ? await opts.health() : undefined
      return c.json({ status: 'ok', service: name, ...(extra as object) })
    } catch (err) {
      return c.json({ status: 'unhealthy', service: name, message: (err as Error).message }, 503)
    }
  })
  const metricsRoute = opts.metrics && metricsHandler(opts.metrics)
  if (metricsRoute && opts.metricsPort === undefined) {
    if (opts.metricsGuard) outer.get('/metrics', opts.metricsGuard, metricsRoute)
    else outer.get('/metrics', metricsRoute)
  }
  /** The service's own routes; a 413 closes the connection, since the rest of the body is still coming. */
  const serviceFetch = async (req: Request, env: { incoming?: IncomingMessage } | undefined) => {
    let res: Response
    try {
      res = await opts.app.fetch(req, env as never)
    } catch (err) {
      // A Hono app maps its own errors; this is for any other fetch handler.
      log.error({ err }, 'unhandled error')
      return Response.json(errorBody('internal', 'Internal error'), { status: 500 })
    }
    if (res.status !== 413) return res
    // Answer, then close the connection cleanly (see lingerOnClose).
    if (env?.incoming?.socket) lingerOnClose(env.incoming.socket)
    const closing = new Response(res.body, res)
    closing.headers.set('connection', 'close')
    return closing
  }
  outer.all('*', (c) => serviceFetch(c.req.raw, c.env as never))
  // Only /healthz and /metrics (and anything starting so) go through the outer router, which passes the rest on;
  // every other request goes straight to the service's app, so it is routed once, not twice.
  const fetch = (req: Request, env: never) => {
    const url = req.url
    const start = url.indexOf('/', url.indexOf('//') + 2)
    const head = start < 0 ? '' : url.slice(start, start + 8)
    return head === '/healthz' || head === '/metrics' ? outer.fetch(req, env) : serviceFetch(req, env)
  }

  const timeouts = { ...httpTimeoutsFromEnv(), ...opts.timeouts }
  const server = await listen(fetch, opts.port ?? 0, opts.host, timeouts)
  const url = urlOf(server, opts.host)
  log.info({ url }, `${name} listening`)
  let metricsServer: Server | undefined
  if (metricsRoute && opts.metricsPort !== undefined) {
    const internal = new Hono().get('/metrics', metricsRoute)
    metricsServer = await listen(internal.fetch, opts.metricsPort, opts.metricsHost, timeouts)
    log.info({ url: urlOf(metricsServer, opts.metricsHost) }, `${name} metrics listening`)
  }

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      draining = true
      const deadline = opts.shutdownTimeoutMs ?? 10_000
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      metricsServer?.close()
      metricsServer?.closeAllConnections()
      const timer = setTimeout(() => {
        log.warn({ deadlineMs: deadline }, 'shutdown deadline passed; closing open connections')
        server.closeAllConnections()
      }, deadline)
      timer.unref()
      await stopped
      clearTimeout(timer)
      await opts.onClose?.()
      log.info(`${name} stopped`)
    })()
    return closing
  }
  const port = (server.address() as AddressInfo).port
  return { name, url, port, ...(metricsServer && { metricsUrl: urlOf(metricsServer, opts.metricsHost) }), close }
}

function metricsHandler(metrics: Metrics): MiddlewareHandler {
  const registry = metrics.registry
  return async (c) => c.text(await registry.metrics(), 200, { 'content-type': registry.contentType })
}

type FetchHandler = (req: Request, env: never) => Response | Promise<Response>

async function listen(fetch: FetchHandler, port: number, host: string | undefined, timeouts: HttpTimeouts) {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve(
      { fetch: fetch as never, port, hostname: host ?? '127.0.0.1', serverOptions: serverOptionsFor(timeouts) },
      () => resolve(s as Server),
    ) as Server
    s.once('error', reject)
  })
  applyIdleTimeout(server, timeouts)
  return server
}

function urlOf(server: Server, bindHost: string | undefined): string {
  const port = (server.address() as AddressInfo).port
  const host = bindHost && bindHost !== '0.0.0.0' && bindHost !== '::' ? bindHost : '127.0.0.1'
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}

/** On SIGTERM or SIGINT, closes the services gracefully, then exits; a second signal exits at once. */
export function closeOnSignals(services: () => RunningService[], log: Logger): void {
  let stopping = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130)
    stopping = true
    log.info({ signal }, 'shutting down')
    Promise.allSettled(services().map((s) => s.close())).then(() => process.exit(0))
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
}
