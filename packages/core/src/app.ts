import { type Context, Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { contextFromHeaders, runWithContext } from './context.js'
import { AppError, errorBody } from './errors.js'
import type { Logger } from './logger.js'
import { httpMetrics, type Metrics } from './metrics.js'

export type AppEnv = { Variables: { requestId: string } }

export type BaseDeps = { log: Logger; metrics?: Metrics }

/**
 * The Hono app every service starts from: request ids and trace context, HTTP metrics, access logs, and one place
 * where errors become `{status:"error", code, message}` responses without stack traces.
 */
export function createBaseApp(deps: BaseDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use(async (c, next) => {
    const ctx = contextFromHeaders(c.req.raw.headers)
    c.set('requestId', ctx.requestId)
    c.header('x-request-id', ctx.requestId)
    const started = performance.now()
    // One context run covers the handlers and the access log; the log's fields are built only at debug level.
    await runWithContext(ctx, async () => {
      await next()
      if (deps.log.isLevelEnabled('debug'))
        deps.log.debug(
          { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
          'request',
        )
    })
  })
  if (deps.metrics) app.use(httpMetrics(deps.metrics))
  app.onError((err, c) => errorResponse(err, c, deps.log))
  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404))
  return app
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
  log.error({ err }, 'unhandled error')
  return c.json(errorBody('internal', 'Internal error'), 500)
}
