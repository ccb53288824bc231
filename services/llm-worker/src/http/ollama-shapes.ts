import type { GenerationResult } from '../inference/generate.js'

/** Ollama's timing fields, in nanoseconds. */
export type Stats = {
  total_duration: number
  load_duration: number
  prompt_eval_count: number
  prompt_eval_duration: number
  eval_count: number
  eval_duration: number
}

/** How one API (native chat, native generate, OpenAI) shapes its chunks, final object and stream framing. */
export type ResponseShape = {
  framing: 'ndjson' | 'sse'
  chunk(text: string, model: string): unknown
  /** `text` is the whole output when not streaming, '' for the last streamed chunk. */
  final(text: string, model: string, result: GenerationResult, stats: Stats): unknown
}

export function ns(ms: number): number {
  return Math.round(ms * 1e6)
}

const now = () => new Date().toISOString()

/** Ollama's /api/chat chunk and final object. */
export const CHAT_SHAPE: ResponseShape = {
  framing: 'ndjson',
  chunk: (text, model) => ({
    model,
    created_at: now(),
    message: { role: 'assistant', content: text },
    done: false,
  }),
  final: (text, model, r, stats) => ({
    model,
    created_at: now(),
    message: { role: 'assistant', content: text },
    done_reason: r.doneReason,
    done: true,
    ...stats,
  }),
}

/** Ollama's /api/generate chunk and final object. */
export const GENERATE_SHAPE: ResponseShape = {
  framing: 'ndjson',
  chunk: (text, model) => ({ model, created_at: now(), response: text, done: false }),
  final: (text, model, r, stats) => ({
    model,
    created_at: now(),
    response: text,
    done: true,
    done_reason: r.doneReason,
    ...stats,
  }),
}
