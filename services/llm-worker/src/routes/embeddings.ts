import { limitBody, validate } from '@parley/core'
import { Hono } from 'hono'
import type { LlmWorkerDeps } from '../deps.js'
import { ns } from '../http/run-generation.js'
import { embed } from '../inference/embed.js'
import { parseKeepAlive } from '../runtime/durations.js'
import { EmbedBody, LegacyEmbedBody } from './schemas.js'

/** Runs an embedding on a leased sequence slot, so embeddings share the queue bound and the 503 with generation. */
export async function embedWithLease(
  deps: LlmWorkerDeps,
  req: {
    model: string
    inputs: string[]
    keepAlive?: string | number
    numCtx?: number
    normalize: boolean
    truncate: boolean
  },
  signal: AbortSignal,
) {
  const started = performance.now()
  const keepAliveMs = req.keepAlive === undefined ? undefined : parseKeepAlive(req.keepAlive)
  const lease = await deps.scheduler.acquire(req.model, { signal, keepAliveMs, numCtx: req.numCtx })
  try {
    const result = await embed(lease, req.inputs, req.normalize, req.truncate)
    deps.metrics?.promptTokens.inc({ model: lease.model.name }, result.promptTokens)
    return {
      ...result,
      model: lease.model.name,
      total_duration: ns(performance.now() - started),
      load_duration: ns(lease.loadMs),
    }
  } finally {
    lease.release()
  }
}

/**
 * POST /api/embed (batch, normalized) and the legacy POST /api/embeddings (one prompt, raw vector). Both honour
 * `truncate` (default true): an input longer than the context is cut to fit, or with `truncate: false` is a 400.
 */
export function embeddingRoutes(deps: LlmWorkerDeps) {
  const maxBody = deps.maxBodyBytes ?? 8 * 2 ** 20
  return new Hono()
    .post('/api/embed', limitBody(maxBody), validate('json', EmbedBody), async (c) => {
      const body = c.req.valid('json')
      const inputs = typeof body.input === 'string' ? [body.input] : body.input
      const r = await embedWithLease(
        deps,
        {
          model: body.model,
          inputs,
          keepAlive: body.keep_alive,
          numCtx: body.options?.num_ctx,
          normalize: true,
          truncate: body.truncate,
        },
        c.req.raw.signal,
      )
      return c.json({
        model: r.model,
        embeddings: r.vectors,
        total_duration: r.total_duration,
        load_duration: r.load_duration,
        prompt_eval_count: r.promptTokens,
      })
    })
    .post('/api/embeddings', limitBody(maxBody), validate('json', LegacyEmbedBody), async (c) => {
      const body = c.req.valid('json')
      const r = await embedWithLease(
        deps,
        {
          model: body.model,
          inputs: [body.prompt],
          keepAlive: body.keep_alive,
          numCtx: body.options?.num_ctx,
          normalize: false,
          truncate: body.truncate,
        },
        c.req.raw.signal,
      )
      return c.json({ embedding: r.vectors[0] ?? [] })
    })
}
