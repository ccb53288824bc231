import type { Message } from 'ollama'

/**
 * A conservative token estimate. The Ollama API has no tokenize endpoint, and BPE vocabularies average about four
 * characters of English per token; counting three (and one per non-ASCII character, which often costs one or more
 * tokens) over-estimates, so a fitted history does not overflow the context.
 */
export function estimateTokens(text: string): number {
  let ascii = 0
  let other = 0
  for (const ch of text) {
    if (ch.charCodeAt(0) < 128) ascii++
    else other++
  }
  return Math.ceil(ascii / 3) + other
}

/** Chat templates add role markers around every message, and learner turns carry their data tags. */
export const TOKENS_PER_MESSAGE = 16

export function estimateMessageTokens(messages: Pick<Message, 'content'>[]): number {
  return messages.reduce((sum, m) => sum + TOKENS_PER_MESSAGE + estimateTokens(m.content), 0)
}

/** Real tokens per estimated token is kept within these bounds, so one odd measurement cannot wreck the budget. */
const MIN_RATIO = 0.75
const MAX_RATIO = 6

/**
 * How far `estimateTokens` is from a model's real tokenizer, per model. Measured once per model from the pool
 * (`prompt_eval_count` of a sample), then raised (never lowered) when a reply's real prompt count comes out higher
 * than estimated: servers that reuse a cached prompt prefix report fewer tokens, so a lower count proves nothing.
 */
export class TokenRatios {
  private readonly ratios = new Map<string, number>()

  has(model: string): boolean {
    return this.ratios.has(model)
  }

  get(model: string): number {
    return this.ratios.get(model) ?? 1
  }

  /** Records a measurement: `actual` real tokens for text estimated at `estimated`. */
  observe(model: string, actual: number, estimated: number, calibrating = false): void {
    if (!(actual > 0 && estimated > 0)) return
    const ratio = Math.min(MAX_RATIO, Math.max(MIN_RATIO, actual / estimated))
    if (calibrating || ratio > this.get(model)) this.ratios.set(model, ratio)
  }
}

/** English prose like the tutor's prompts, to measure a model's tokenizer against the estimate. */
export const CALIBRATION_SAMPLE =
  'You are a warm and patient English conversation partner. Keep each reply short, react to what the learner ' +
  "said, and ask one or two follow-up questions. The learner's level is intermediate, so use clear, natural " +
  "sentences and common phrasal verbs. I'm from Porto and I work as a nurse; yesterday I went to the beach with " +
  'my friends, and we had grilled fish for lunch. What do you usually do at the weekend?'
