import { createHash } from 'node:crypto'

/** The part of a Converse request body the stand-in reads (the wire JSON the SDK sends). */
export type ConverseBody = {
  messages?: { role?: string; content?: { text?: string }[] }[]
  system?: { text?: string }[]
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] }
  outputConfig?: { textFormat?: { type?: string; structure?: { jsonSchema?: { schema?: string; name?: string } } } }
}

/** A stand-in "model": what it answers for a request. Deterministic, so tests can assert on it. */
export type ReplyFn = (body: ConverseBody) => string

/** Tokens as the stand-in counts them: whitespace-separated words (a real tokenizer differs; the contract does not). */
export const countTokens = (text: string): number => text.split(/\s+/).filter(Boolean).length

export const echoReply: ReplyFn = (body) => {
  const last = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user')
  return `You said: ${last?.content?.map((c) => c.text ?? '').join(' ') ?? ''}`
}

/** Bedrock's own ValidationException checks on a Converse body, with its wording; undefined when it is valid. */
export function converseProblem(body: ConverseBody, contextTokens: number): string | undefined {
  const messages = body.messages
  if (!Array.isArray(messages) || messages.length === 0) return 'A conversation must start with a user message.'
  if (messages[0]?.role !== 'user')
    return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.'
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!
    if (m.role !== 'user' && m.role !== 'assistant') return `messages.${i}.role: must be user or assistant`
    if (i > 0 && messages[i - 1]!.role === m.role)
      return 'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.'
    if (!m.content?.length || m.content.some((c) => typeof c.text !== 'string' || c.text.trim() === ''))
      return `The text field in the ContentBlock object at messages.${i}.content.0 is blank. Add text to the text field, and try again.`
  }
  const max = body.inferenceConfig?.maxTokens
  if (max !== undefined && (!Number.isInteger(max) || max < 1))
    return 'The maximum tokens you requested must be at least 1.'
  if (inputTokens(body) > contextTokens) return 'Input is too long for requested model.'
  return undefined
}

export function inputTokens(body: ConverseBody): number {
  const texts = [...(body.system ?? []), ...(body.messages ?? []).flatMap((m) => m.content ?? [])]
  return texts.reduce((n, c) => n + countTokens(c.text ?? ''), 0)
}

/** The reply cut as Bedrock cuts it: at a stop sequence, or after maxTokens words. */
export function bounded(reply: string, body: ConverseBody): { text: string; stopReason: string } {
  let text = reply
  let stopReason = 'end_turn'
  for (const stop of body.inferenceConfig?.stopSequences ?? []) {
    const at = text.indexOf(stop)
    if (stop && at >= 0) {
      text = text.slice(0, at)
      stopReason = 'stop_sequence'
    }
  }
  const max = body.inferenceConfig?.maxTokens
  const words = text.match(/\S+\s*/g) ?? []
  if (max !== undefined && words.length > max) {
    text = words.slice(0, max).join('').trimEnd()
    stopReason = 'max_tokens'
  }
  return { text, stopReason }
}

/** Splits a reply into streamed pieces: one word (with its following space) per delta, as models stream. */
export const pieces = (text: string): string[] => text.match(/\S+\s*|\s+/g) ?? []

/** A deterministic unit-length vector for `text` (same text, same vector), `dim` floats. */
export function embeddingOf(text: string, dim: number, normalize = true): number[] {
  const out: number[] = []
  for (let block = 0; out.length < dim; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest()
    for (let i = 0; i + 1 < digest.length && out.length < dim; i += 2) out.push(digest.readInt16LE(i) / 32768)
  }
  if (!normalize) return out
  const norm = Math.hypot(...out) || 1
  return out.map((v) => v / norm)
}
