import {
  AppError,
  hasRandomWeights,
  NotFoundError,
  parameterCount,
  propagationHeaders,
  ServiceUnavailableError,
  tracedFetch,
} from '@parley/core'
import { Ollama } from 'ollama'
import { CALIBRATION_SAMPLE, estimateTokens, type TokenRatios } from './tokens.js'

/**
 * The LLM pool as the chat worker sees it: any server speaking the Ollama API, reached only through the `ollama`
 * client with core's `tracedFetch` (so request ids and traces follow the call).
 */
/** What /api/show says about a model that the tutor cares about. */
export type ModelFacts = {
  /** Trained context length (`*.context_length` or `num_ctx`); null when it says none. */
  contextLength: number | null
  /** A random-weight demo model (`parley model make-test`): its text means nothing. */
  randomWeights: boolean
  /** Parameters, from `details.parameter_size` ("135M", "1.5B"); null when the server does not say. */
  parameters: number | null
  /** Who serves it: `bedrock` when /api/show says so (a Bedrock-backed llm-worker), else `ollama` (self-hosted). */
  provider: 'ollama' | 'bedrock'
  /** The id the provider bills it under (`model_info["bedrock.model_id"]` behind an alias), else the name asked for. */
  providerModel: string
}

export class LlmPool {
  private readonly facts = new Map<string, ModelFacts>()

  /**
   * @param url the pool's base URL
   * @param baseFetch how to reach it; the embedded stack passes one that calls an in-process llm-worker's `app.fetch`
   */
  constructor(
    readonly url: string,
    private readonly baseFetch?: typeof fetch,
  ) {}

  /** A client whose every call is cancelled when `signal` aborts (for example, when the learner disconnects). */
  client(signal?: AbortSignal): Ollama {
    const fetch: typeof globalThis.fetch = (input, init) => {
      const withSignal = signal
        ? { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }
        : init
      return this.baseFetch ? this.tracedBase(input, withSignal) : tracedFetch(input, withSignal)
    }
    return new Ollama({ host: this.url, fetch })
  }

  /** `tracedFetch`'s header propagation, over the injected fetch. */
  private tracedBase(input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> {
    const headers = new Headers(init?.headers)
    for (const [k, v] of Object.entries(propagationHeaders())) if (!headers.has(k)) headers.set(k, v)
    return this.baseFetch!(input, { ...init, headers })
  }

  /**
   * Measures how many real tokens the model's tokenizer makes of a sample of English prose, against our estimate,
   * once per model. It runs with the same `num_ctx` as the chat, so a Parley llm-worker or Ollama does not reload.
   */
  async calibrate(model: string, ratios: TokenRatios, numCtx: number, signal?: AbortSignal): Promise<void> {
    if (ratios.has(model)) return
    try {
      const res = await this.client(signal).generate({
        model,
        prompt: CALIBRATION_SAMPLE,
        raw: true,
        stream: false,
        options: { num_predict: 1, temperature: 0, num_ctx: numCtx },
      })
      ratios.observe(model, res.prompt_eval_count, estimateTokens(CALIBRATION_SAMPLE), true)
    } catch (err) {
      throw llmError(err, model)
    }
  }

  /** The model's context length and random-weights flag from /api/show, asked once per model. */
  async modelFacts(model: string, signal?: AbortSignal): Promise<ModelFacts> {
    const known = this.facts.get(model)
    if (known) return known
    let found: ModelFacts
    try {
      const info = await this.client(signal).show({ model })
      found = {
        contextLength: readContextLength(info.model_info, info.parameters),
        randomWeights: hasRandomWeights(info),
        parameters: parameterCount(info),
        ...providerOf(info, model),
      }
    } catch (err) {
      throw llmError(err, model)
    }
    this.facts.set(model, found)
    return found
  }

  /** The model's trained context length from /api/show (`*.context_length` or `num_ctx`); null when it says none. */
  async contextLength(model: string, signal?: AbortSignal): Promise<number | null> {
    return (await this.modelFacts(model, signal)).contextLength
  }
}

export function readContextLength(modelInfo: unknown, parameters: unknown): number | null {
  const candidates: number[] = []
  const entries =
    modelInfo instanceof Map ? [...modelInfo.entries()] : Object.entries((modelInfo as Record<string, unknown>) ?? {})
  for (const [key, value] of entries)
    if (key.endsWith('.context_length') && Number(value) > 0) candidates.push(Number(value))
  const numCtx = typeof parameters === 'string' ? /(?:^|\n)\s*num_ctx\s+(\d+)/.exec(parameters)?.[1] : undefined
  if (numCtx) candidates.push(Number(numCtx))
  return candidates.length ? Math.min(...candidates) : null
}

/** Turns an Ollama client failure into a typed error with a message safe to show. */
export function llmError(err: unknown, model: string): AppError {
  if (err instanceof AppError) return err
  const status = (err as { status_code?: number }).status_code
  if (status === 404) return new NotFoundError(`Model "${model}" is not available on the LLM pool`)
  if (status === 400) return new AppError(400, 'llm_rejected', `The LLM pool rejected the request for "${model}"`)
  if (status === 429 || status === 503) return new ServiceUnavailableError('The LLM pool is busy; try again shortly', 2)
  if (status) return new AppError(502, 'llm_error', `The LLM pool answered with status ${status}`)
  return new ServiceUnavailableError('The LLM pool is unreachable')
}

/** `provider` (top level or in `details`) and the Bedrock model id from /api/show; absent means self-hosted. */
export function providerOf(info: unknown, model: string): Pick<ModelFacts, 'provider' | 'providerModel'> {
  const show = info as { provider?: unknown; details?: { provider?: unknown }; model_info?: unknown }
  const named = show.provider ?? show.details?.provider
  if (named !== 'bedrock') return { provider: 'ollama', providerModel: model }
  const modelInfo = show.model_info instanceof Map ? Object.fromEntries(show.model_info) : show.model_info
  const id = (modelInfo as Record<string, unknown> | undefined)?.['bedrock.model_id']
  return { provider: 'bedrock', providerModel: typeof id === 'string' ? id : model }
}
