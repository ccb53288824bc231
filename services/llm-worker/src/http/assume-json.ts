import type { MiddlewareHandler } from 'hono'

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i

/**
 * Ollama reads every body as JSON whatever its content type, and its documented curl examples send none
 * (so curl says application/x-www-form-urlencoded). Treat such bodies as JSON too, so they validate instead of
 * arriving empty.
 */
export const assumeJson: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim()
    if (!JSON_TYPE.test(type)) c.req.raw.headers.set('content-type', 'application/json')
  }
  await next()
}
