import { type Logger, tracedFetch } from '@parley/core'
import { Ollama } from 'ollama'
import { z } from 'zod'

/** Why the LLM layer could not be used; the caller answers without it (`degraded: true`). */
export class LlmLayerError extends Error {
  constructor(
    readonly reason: 'unavailable' | 'malformed' | 'unknown_model',
    message: string,
  ) {
    super(message)
    this.name = 'LlmLayerError'
  }
}

export type LlmSettings = { url: string; timeoutMs: number; maxTokens: number }

/**
 * An `ollama` client for the pool, forwarding request ids and giving up after `timeoutMs` per call. `baseFetch`
 * lets the embedded stack route calls to an in-process llm-worker (`app.fetch`) instead of the network.
 */
export function createOllama(
  settings: Pick<LlmSettings, 'url' | 'timeoutMs'>,
  baseFetch: typeof fetch = tracedFetch,
): Ollama {
  const fetchWithTimeout: typeof fetch = (input, init) => {
    const timeout = AbortSignal.timeout(settings.timeoutMs)
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout
    return baseFetch(input, { ...init, signal })
  }
  return new Ollama({ host: settings.url, fetch: fetchWithTimeout })
}

export type JsonChat = {
  model: string
  system: string
  user: string
  seed: number
  maxTokens: number
}

/**
 * One non-streaming chat whose reply is constrained by Ollama's `format` (a JSON schema made from `schema`) and then
 * validated with zod, so a model that ignores the constraint still cannot hand back a wrong shape.
 */
export async function chatJson<T extends z.ZodType>(
  ollama: Ollama,
  schema: T,
  chat: JsonChat,
  log: Logger,
): Promise<z.infer<T>> {
  let content: string
  try {
    const res = await ollama.chat({
      model: chat.model,
      stream: false,
      format: z.toJSONSchema(schema, { target: 'draft-7' }),
      messages: [
        { role: 'system', content: chat.system },
        { role: 'user', content: chat.user },
      ],
      // Greedy decoding and a fixed seed: the same input gives the same judgement.
      options: { temperature: 0, top_k: 1, seed: chat.seed, num_predict: chat.maxTokens },
    })
    content = res.message.content
  } catch (err) {
    // A Parley llm-worker checks `format` itself and answers 422 when the model's output does not match it.
    const reason = (err as { status_code?: number }).status_code === 422 ? 'malformed' : 'unavailable'
    throw new LlmLayerError(reason, `LLM call failed: ${(err as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(content)
  } catch {
    log.debug({ chars: content.length }, 'LLM reply is not JSON')
    throw new LlmLayerError('malformed', 'LLM reply is not valid JSON')
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success)
    throw new LlmLayerError('malformed', `LLM reply does not match the schema: ${parsed.error.issues[0]?.message}`)
  return parsed.data
}
