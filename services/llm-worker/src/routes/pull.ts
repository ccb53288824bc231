import { limitBody, validate } from '@parley/core'
import { Hono } from 'hono'
import { z } from 'zod'
import type { LlmWorkerDeps } from '../deps.js'
import { ndjson } from '../http/streams.js'
import { assertHttpUrl } from '../pull/puller.js'
import { parseModelName } from '../store/names.js'
import { ModelField } from './schemas.js'

const PullBody = z
  .object({
    model: ModelField.optional(),
    name: ModelField.optional(),
    insecure: z.boolean().default(false),
    stream: z.boolean().default(true),
    url: z.string().max(4096).optional(),
    digest: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/, 'expected sha256:<64 hex digits>')
      .optional(),
  })
  .refine((b) => b.model || b.name, { message: 'model is required' })

/** POST /api/pull: Ollama's progress stream (status, digest, total, completed), or one object with stream:false. */
export function pullRoutes(deps: LlmWorkerDeps) {
  return new Hono().post('/api/pull', limitBody(64 * 1024), validate('json', PullBody), async (c) => {
    const body = c.req.valid('json')
    const name = (body.model ?? body.name)!
    parseModelName(name) // a bad name is a 400 before any byte of the stream
    if (body.url) assertHttpUrl(body.url)
    const req = { name, url: body.url, digest: body.digest, insecure: body.insecure }
    const done = () => deps.scheduler.forget(name) // a re-pulled model reloads on its next request
    // A requester that goes away stops its download (and, if nobody else waits for it, removes the partial file).
    if (!body.stream) {
      await deps.puller.pull(req, () => {}, c.req.raw.signal)
      await done()
      return c.json({ status: 'success' })
    }
    return ndjson(c.req.raw.signal, deps.log, async (send, signal) => {
      await deps.puller.pull(req, send, signal)
      await done()
    })
  })
}
