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
