import { AppError, errorResponse, type Logger } from '@parley/core'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'

/**
 * Core's error mapping, plus the `error` string Ollama clients read (the `ollama` npm package throws
 * `ResponseError(body.error)`): `{status:"error", code, message, error}`. Under /v1 the body is OpenAI's instead.
 */
export function ollamaErrorResponse(err: unknown, c: Context, log: Logger): Response | Promise<Response> {
  const base = errorResponse(err, c, log)
  const status = base.status
  const code = err instanceof AppError ? err.code : err instanceof HTTPException ? 'http_error' : 'internal'
  return base.json().then((json) => {
    const body = json as { message: string }
    const payload = c.req.path.startsWith('/v1/')
      ? { error: { message: body.message, type: status >= 500 ? 'server_error' : 'invalid_request_error', code } }
      : { ...body, error: body.message }
    return new Response(JSON.stringify(payload), { status, headers: base.headers })
  })
}
