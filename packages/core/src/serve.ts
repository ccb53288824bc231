import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { Logger } from './logger.js'
import type { Metrics } from './metrics.js'

/** A service listening on a port, as `parley start` and the tests hold it. */
export type RunningService = {
  name: string
  url: string
  port: number
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
  /** Runs after the server stopped, e.g. to close the database or unload models. */
  onClose?: () => Promise<void>
}

/** Serves a Hono app on Node with /healthz, /metrics and graceful shutdown. */
export async function serveApp(opts: ServeOptions): Promise<RunningService> {
  const { name, log } = opts
  let draining = false
  const outer = new Hono()
  outer.get('/healthz', async (c) => {
    if (draining) return c.json({ status: 'draining', service: name }, 503)
    try {
      const extra = opts.health ? await opts.health() : undefined
      return c.json({ status: 'ok', service: name, ...(extra as object) })
    } catch (err) {
      return c.json({ status: 'unhealthy', service: name, message: (err as Error).message }, 503)
    }
  })
  if (opts.metrics) {
    const registry = opts.metrics.registry
    outer.get('/metrics', async (c) => c.text(await registry.metrics(), 200, { 'content-type': registry.contentType }))
  }
  outer.all('*', (c) => opts.app.fetch(c.req.raw, c.env as never))

  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: outer.fetch, port: opts.port ?? 0, hostname: opts.host ?? '127.0.0.1' }, () =>
      resolve(s as Server),
    ) as Server
    s.once('error', reject)
  })
  // Long LLM streams must not be cut by Node's default request timeout.
  server.requestTimeout = 0
  server.headersTimeout = 60_000
  const port = (server.address() as AddressInfo).port
  const host = opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : '127.0.0.1'
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  log.info({ url }, `${name} listening`)

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      draining = true
      const deadline = opts.shutdownTimeoutMs ?? 10_000
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
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
  return { name, url, port, close }
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
