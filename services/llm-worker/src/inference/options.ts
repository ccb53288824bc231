import { z } from 'zod'

/** The subset of Ollama's `options` that llama.cpp sampling supports here; unknown keys are accepted and ignored. */
export const OllamaOptions = z
  .object({
    temperature: z.number().min(0).max(5).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().min(0).max(1000).optional(),
    min_p: z.number().min(0).max(1).optional(),
    seed: z.number().int().optional(),
    num_predict: z.number().int().min(-2).max(1_000_000).optional(),
    num_ctx: z.number().int().min(64).max(1_048_576).optional(),
    stop: z.union([z.string().max(200), z.array(z.string().min(1).max(200)).max(16)]).optional(),
    repeat_penalty: z.number().min(0).max(10).optional(),
    repeat_last_n: z.number().int().min(-1).max(4096).optional(),
    presence_penalty: z.number().min(-2).max(2).optional(),
    frequency_penalty: z.number().min(-2).max(2).optional(),
  })
  .loose()
export type OllamaOptions = z.infer<typeof OllamaOptions>

/** Ollama's keep_alive: seconds or a duration string. */
export const KeepAlive = z.union([z.number(), z.string().max(40)])

/** Sampling settings in node-llama-cpp's terms. */
export type Sampling = {
  temperature: number
  topK?: number
  topP?: number
  minP?: number
  seed?: number
  maxTokens: number
  stop: string[]
  repeatPenalty?: { penalty: number; lastTokens?: number; presencePenalty?: number; frequencyPenalty?: number }
}

/**
 * Maps Ollama options onto node-llama-cpp. num_predict -1/-2 (or unset) stops at the context size rather than
 * generating forever: a random-weight model never chooses to stop on its own.
 */
export function toSampling(o: OllamaOptions = {}, contextSize: number): Sampling {
  const predict = o.num_predict === undefined || o.num_predict < 0 ? contextSize : o.num_predict
  const stop = o.stop === undefined ? [] : Array.isArray(o.stop) ? o.stop : [o.stop]
  const penalise =
    o.repeat_penalty !== undefined || o.presence_penalty !== undefined || o.frequency_penalty !== undefined
  return {
    temperature: o.temperature ?? 0.8,
    topK: o.top_k ?? 40,
    topP: o.top_p ?? 0.9,
    minP: o.min_p,
    seed: o.seed,
    maxTokens: Math.max(predict, 0),
    stop: stop.filter(Boolean),
    repeatPenalty: penalise
      ? {
          penalty: o.repeat_penalty ?? 1.1,
          lastTokens: o.repeat_last_n === -1 ? contextSize : o.repeat_last_n,
          presencePenalty: o.presence_penalty,
          frequencyPenalty: o.frequency_penalty,
        }
      : undefined,
  }
}
