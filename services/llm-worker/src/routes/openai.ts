import { randomBytes } from 'node:crypto'
import { limitBody, validate } from '@parley/core'
import { Hono } from 'hono'
import { z } from 'zod'
import type { LlmWorkerDeps } from '../deps.js'
import { runGeneration } from '../http/run-generation.js'
import type { Format } from '../inference/format.js'
import type { ChatMessage } from '../inference/generate.js'
import { embedWithLease } from './embeddings.js'
import { ModelField } from './schemas.js'

const Content = z.union([
  z.string().max(1_000_000),
  z.array(z.object({ type: z.literal('text'), text: z.string().max(1_000_000) }).loose()).max(100),
  z.null(),
])

const ChatCompletionBody = z
  .object({
    model: ModelField,
    messages: z
      .array(
        z
          .object({ role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']), content: Content.optional() })
          .loose(),
      )
      .min(1)
      .max(2000),
    stream: z.boolean().default(false),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().optional(),
    temperature: z.number().min(0).max(2).optional(),
    top_p: z.number().min(0).max(1).optional(),
    max_tokens: z.number().int().min(1).max(1_000_000).optional(),
    max_completion_tokens: z.number().int().min(1).max(1_000_000).optional(),
    seed: z.number().int().optional(),
    stop: z.union([z.string().max(200), z.array(z.string().min(1).max(200)).max(16)]).optional(),
    presence_penalty: z.number().min(-2).max(2).optional(),
    frequency_penalty: z.number().min(-2).max(2).optional(),
    n: z.literal(1).optional(),
    response_format: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('text') }),
        z.object({ type: z.literal('json_object') }),
        z.object({
          type: z.literal('json_schema'),
          json_schema: z.object({ schema: z.record(z.string(), z.unknown()) }).loose(),
        }),
      ])
      .optional(),
    tools: z.array(z.unknown()).max(0, 'tools are not supported by this worker').optional(),
  })
  .loose()

const EmbeddingsBody = z
  .object({
    model: ModelField,
    input: z.union([z.string().max(1_000_000), z.array(z.string().max(1_000_000)).min(1).max(512)]),
    encoding_format: z.enum(['float', 'base64']).default('float'),
  })
  .loose()

type ChatCompletionBody = z.infer<typeof ChatCompletionBody>

/** OpenAI-compatible adapters in front of the native handlers, as Ollama does: chat completions, embeddings, models. */
export function openAiRoutes(deps: LlmWorkerDeps) {
  const maxBody = deps.maxBodyBytes ?? 8 * 2 ** 20
  return new Hono()
    .get('/v1/models', async (c) =>
      c.json({ object: 'list', data: (await deps.store.list()).map((m) => modelObject(m.name, m.modified_at)) }),
    )
    .get('/v1/models/:model{.+}', async (c) => {
      const m = await deps.store.resolve(c.req.param('model'))
      return c.json(modelObject(m.name, m.modified_at))
    })
    .post('/v1/chat/completions', limitBody(maxBody), validate('json', ChatCompletionBody), async (c) => {
      const body = c.req.valid('json')
      const id = `chatcmpl-${randomBytes(12).toString('hex')}`
      const created = Math.floor(Date.now() / 1000)
      const head = (model: string) => ({ id, created, model, system_fingerprint: 'fp_parley' })
      const usage = (p: number, e: number) => ({ prompt_tokens: p, completion_tokens: e, total_tokens: p + e })
      const finish = (reason: string) => (reason === 'length' ? 'length' : 'stop')
      return runGeneration(
        c,
        deps,
        {
          model: body.model,
          messages: body.messages.map(toMessage),
          options: {
            temperature: body.temperature ?? 1,
            top_p: body.top_p,
            num_predict: body.max_completion_tokens ?? body.max_tokens,
            seed: body.seed,
            stop: body.stop,
            presence_penalty: body.presence_penalty,
            frequency_penalty: body.frequency_penalty,
          },
          format: toFormat(body.response_format),
          stream: body.stream,
        },
        {
          framing: 'sse',
          chunk: (text, model) => ({
            ...head(model),
            object: 'chat.completion.chunk',
            choices: [{ index: 0, delta: { role: 'assistant', content: text }, finish_reason: null }],
          }),
          final: (text, model, r) =>
            body.stream
              ? {
                  ...head(model),
                  object: 'chat.completion.chunk',
                  choices: [{ index: 0, delta: {}, finish_reason: finish(r.doneReason) }],
                  ...(body.stream_options?.include_usage ? { usage: usage(r.promptTokens, r.evalTokens) } : {}),
                }
              : {
                  ...head(model),
                  object: 'chat.completion',
                  choices: [
                    { index: 0, message: { role: 'assistant', content: text }, finish_reason: finish(r.doneReason) },
                  ],
                  usage: usage(r.promptTokens, r.evalTokens),
                },
        },
      )
    })
    .post('/v1/embeddings', limitBody(maxBody), validate('json', EmbeddingsBody), async (c) => {
      const body = c.req.valid('json')
      const inputs = typeof body.input === 'string' ? [body.input] : body.input
      // As Ollama's /v1 adapter does: an input past the context is truncated.
      const r = await embedWithLease(
        deps,
        { model: body.model, inputs, normalize: true, truncate: true },
        c.req.raw.signal,
      )
      return c.json({
        object: 'list',
        data: r.vectors.map((v, index) => ({
          object: 'embedding',
          index,
          embedding: body.encoding_format === 'base64' ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v,
        })),
        model: r.model,
        usage: { prompt_tokens: r.promptTokens, total_tokens: r.promptTokens },
      })
    })
}

function toMessage(m: ChatCompletionBody['messages'][number]): ChatMessage {
  const content = typeof m.content === 'string' ? m.content : (m.content ?? []).map((p) => p.text).join('')
  const role = m.role === 'developer' ? 'system' : m.role
  return { role, content }
}

function toFormat(f: ChatCompletionBody['response_format']): Format | undefined {
  if (!f || f.type === 'text') return undefined
  if (f.type === 'json_object') return 'json'
  return f.json_schema.schema
}

function modelObject(name: string, modifiedAt: string) {
  return { id: name, object: 'model', created: Math.floor(Date.parse(modifiedAt) / 1000), owned_by: 'library' }
}
