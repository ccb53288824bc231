import { type Context, Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { contextFromHeaders, type RequestContext, runWithContext } from './context.js'
import { AppError, errorBody } from './errors.js'
import type { Logger } from './logger.js'
import { httpObserver, type Metrics } from './metrics.js'

export type AppEnv = { Variables: { requestId: string; requestContext: RequestContext } }

export type BaseDeps = {
  log: Logger
  metrics?: Metrics
  /**
   * Whether a request's ids ride in AsyncLocalStorage (default true): needed by a service whose handlers call other
   * services (`tracedFetch`) or log themselves. `false` is for one that does neither (the conversations API): on
   * Node 20 every AsyncLocalStorage run keeps promise hooks on, which cost about a tenth of a simple request; the
   * access and error lines still carry the ids, passed explicitly.
   */
  asyncContext?: boolean
}

/**
 * The Hono app every service starts from: request ids and trace context, HTTP metrics, access logs, and one place
 * where errors become `{status:"error", code, message}` responses without stack traces. One middleware does all of
 * it, so a request passes one layer here, not one per concern.
 */
export function createBaseApp(deps: BaseDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { log } = deps
  const observe = deps.metrics && httpObserver(deps.metrics)
  const inContext = deps.asyncContext ?? true
  app.use(async (c, next) => {
    const ctx = contextFromHeaders(c.req.raw.headers)
    c.set('requestId', ctx.requestId)
    c.set('requestContext', ctx)
    c.header('x-request-id', ctx.requestId)
    const started = performance.now()
    try {
      await (inContext ? runWithContext(ctx, next) : next())
    } finally {
      const ms = performance.now() - started
      observe?.(c.req.method, c.req.routePath || 'unmatched', c.res.status, ms)
      // The access line's fields are built only at debug level.
      if (log.isLevelEnabled('debug'))
        log.debug(
          { ...idsOf(c), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(ms) },
          'request',
        )
    }
  })
  app.onError((err, c) => errorResponse(err, c, log))
  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404))
  return app
}

/** The request's ids for a log line (the logger adds them itself inside an AsyncLocalStorage run). */
function idsOf(c: Context): { requestId?: string; traceId?: string } {
  const ctx = c.get('requestContext') as RequestContext | undefined
  return ctx ? { requestId: ctx.requestId, traceId: ctx.traceId } : {}
}

const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  413: 'payload_too_large',
}

/** Maps any thrown value to a safe JSON error response. */
export function errorResponse(err: unknown, c: Context, log: Logger): Response {
  if (err instanceof AppError) {
    for (const [k, v] of Object.entries(err.headers)) c.header(k, v)
    return c.json(errorBody(err.code, err.message), err.status)
  }
  if (err instanceof HTTPException) {
    const status = err.status
    const code = HTTP_CODES[status] ?? 'http_error'
    const message = status === 413 ? 'Request body is too large' : err.message || 'Request failed'
    return c.json(errorBody(code, message), status)
  }
  log.error({ ...idsOf(c), err }, 'unhandled error')
  return c.json(errorBody('internal', 'Internal error'), 500)
}
