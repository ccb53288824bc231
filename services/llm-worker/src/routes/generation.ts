import { limitBody, validate } from '@parley/core'
import { Hono } from 'hono'
import type { LlmWorkerDeps } from '../deps.js'
import { loadOrUnload } from '../http/load-or-unload.js'
import { CHAT_SHAPE, GENERATE_SHAPE } from '../http/ollama-shapes.js'
import { runGeneration } from '../http/run-generation.js'
import type { ChatMessage } from '../inference/generate.js'
import { ChatBody, GenerateBody } from './schemas.js'

/** POST /api/chat and POST /api/generate, in Ollama's shapes (NDJSON stream, or one object with stream:false). */
export function generationRoutes(deps: LlmWorkerDeps) {
  const maxBody = deps.maxBodyBytes ?? 8 * 2 ** 20
  return new Hono()
    .post('/api/chat', limitBody(maxBody), validate('json', ChatBody), async (c) => {
      const body = c.req.valid('json')
      if (body.messages.length === 0)
        return c.json(
          await loadOrUnload(deps, body, (m) => ({ message: { role: 'assistant', content: '' }, model: m })),
        )
      return runGeneration(
        c,
        deps,
        {
          model: body.model,
          messages: body.messages as ChatMessage[],
          options: body.options,
          format: body.format,
          keepAlive: body.keep_alive,
          stream: body.stream,
        },
        CHAT_SHAPE,
      )
    })
    .post('/api/generate', limitBody(maxBody), validate('json', GenerateBody), async (c) => {
      const body = c.req.valid('json')
      if (body.prompt === '') return c.json(await loadOrUnload(deps, body, (m) => ({ model: m, response: '' })))
      const messages: ChatMessage[] = [
        ...(body.system ? [{ role: 'system' as const, content: body.system }] : []),
        { role: 'user', content: body.prompt },
      ]
      return runGeneration(
        c,
        deps,
        {
          model: body.model,
          messages: body.raw ? undefined : messages,
          rawPrompt: body.raw ? body.prompt : undefined,
          options: body.options,
          format: body.format,
          keepAlive: body.keep_alive,
          stream: body.stream,
        },
        GENERATE_SHAPE,
      )
    })
}
