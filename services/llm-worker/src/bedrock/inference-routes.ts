import { limitBody, validate } from '@parley/core'
import { Hono } from 'hono'
import { CHAT_SHAPE, GENERATE_SHAPE, ns } from '../http/ollama-shapes.js'
import { ChatBody, EmbedBody, GenerateBody, LegacyEmbedBody } from '../routes/schemas.js'
import { runBedrockGeneration } from './converse.js'
import type { OllamaTurn } from './converse-input.js'
import type { BedrockWorkerDeps } from './deps.js'
import { bedrockEmbed } from './embed.js'

/**
 * POST /api/chat, /api/generate, /api/embed and /api/embeddings: the same request schemas (and so the same 400s)
 * as the self-hosted worker, answered through Bedrock.
 */
export function bedrockInferenceRoutes(deps: BedrockWorkerDeps) {
  const maxBody = deps.maxBodyBytes ?? 8 * 2 ** 20
  // Ollama loads (or unloads) a model for a request with nothing to say; Bedrock has nothing to load, so it only
  // checks the name and answers the same shape.
  const loadReply = (model: string, keepAlive: unknown, extra: Record<string, unknown>) => {
    deps.catalogue.resolve(model)
    return {
      model,
      created_at: new Date().toISOString(),
      ...extra,
      done: true,
      done_reason: keepAlive === 0 || keepAlive === '0' ? 'unload' : 'load',
    }
  }
  return new Hono()
    .post('/api/chat', limitBody(maxBody), validate('json', ChatBody), async (c) => {
      const body = c.req.valid('json')
      if (body.messages.length === 0)
        return c.json(loadReply(body.model, body.keep_alive, { message: { role: 'assistant', content: '' } }))
      return runBedrockGeneration(
        c,
        deps,
        {
          model: body.model,
          turns: body.messages as OllamaTurn[],
          options: body.options,
          format: body.format,
          stream: body.stream,
        },
        CHAT_SHAPE,
      )
    })
    .post('/api/generate', limitBody(maxBody), validate('json', GenerateBody), async (c) => {
      const body = c.req.valid('json')
      if (body.prompt === '') return c.json(loadReply(body.model, body.keep_alive, { response: '' }))
      // `raw` has no meaning here (Bedrock applies each model's own template); the prompt is the user's turn.
      const turns: OllamaTurn[] = [
        ...(body.system && !body.raw ? [{ role: 'system' as const, content: body.system }] : []),
        { role: 'user', content: body.prompt },
      ]
      return runBedrockGeneration(
        c,
        deps,
        { model: body.model, turns, options: body.options, format: body.format, stream: body.stream },
        GENERATE_SHAPE,
      )
    })
    .post('/api/embed', limitBody(maxBody), validate('json', EmbedBody), async (c) => {
      const body = c.req.valid('json')
      const started = performance.now()
      const model = deps.catalogue.resolveFor(body.model, 'embed')
      const inputs = typeof body.input === 'string' ? [body.input] : body.input
      const r = await bedrockEmbed(deps, model.modelId, inputs, {
        truncate: body.truncate,
        normalize: true,
        signal: c.req.raw.signal,
      })
      deps.metrics?.promptTokens.inc({ model: model.modelId }, r.promptTokens)
      return c.json({
        model: model.name,
        embeddings: r.vectors,
        total_duration: ns(performance.now() - started),
        load_duration: 0,
        prompt_eval_count: r.promptTokens,
        provider: 'bedrock',
        provider_model: model.modelId,
      })
    })
    .post('/api/embeddings', limitBody(maxBody), validate('json', LegacyEmbedBody), async (c) => {
      const body = c.req.valid('json')
      const model = deps.catalogue.resolveFor(body.model, 'embed')
      const r = await bedrockEmbed(deps, model.modelId, [body.prompt], {
        truncate: body.truncate,
        normalize: false,
        signal: c.req.raw.signal,
      })
      deps.metrics?.promptTokens.inc({ model: model.modelId }, r.promptTokens)
      return c.json({ embedding: r.vectors[0] ?? [] })
    })
}
