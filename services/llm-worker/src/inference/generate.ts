import { BadRequestError } from '@parley/core'
import { type ChatHistoryItem, LlamaChat, LlamaCompletion } from 'node-llama-cpp'
import type { Lease } from '../scheduler/scheduler.js'
import type { FormatConstraint } from './format.js'
import type { Sampling } from './options.js'

export type ChatMessage = { role: 'system' | 'user' | 'assistant' | 'tool'; content: string }

export type GenerationInput = {
  /** Chat mode: the model's chat template formats these. */
  messages?: ChatMessage[]
  /** Raw mode (/api/generate with raw:true): the prompt goes to the model as is. */
  rawPrompt?: string
  sampling: Sampling
  format?: FormatConstraint
  signal: AbortSignal
  onText?: (text: string) => void
}

export type GenerationResult = {
  text: string
  doneReason: 'stop' | 'length'
  aborted: boolean
  promptTokens: number
  evalTokens: number
  /** From taking the sequence to the first generated text (prompt evaluation), in ms. */
  promptEvalMs: number
  evalMs: number
}

/**
 * Runs one generation on a leased sequence. The sequence keeps its KV cache between requests, so a prompt that
 * shares a prefix with the previous one (a system prompt, a growing conversation) is not evaluated again.
 */
export async function generate(lease: Lease, input: GenerationInput): Promise<GenerationResult> {
  const seq = lease.sequence
  const before = { input: seq.tokenMeter.usedInputTokens, output: seq.tokenMeter.usedOutputTokens }
  const started = performance.now()
  let firstText: number | undefined
  const onTextChunk = (text: string) => {
    firstText ??= performance.now()
    input.onText?.(text)
  }
  const s = input.sampling
  const common = {
    onTextChunk,
    signal: input.signal,
    stopOnAbortSignal: true,
    maxTokens: s.maxTokens,
    temperature: s.temperature,
    topK: s.topK,
    topP: s.topP,
    minP: s.minP,
    seed: s.seed,
    repeatPenalty: s.repeatPenalty,
    customStopTriggers: s.stop.length ? s.stop : undefined,
    grammar: input.format?.grammar,
  }
  let text: string
  let stopReason: string
  if (input.rawPrompt !== undefined) {
    const completion = new LlamaCompletion({ contextSequence: seq })
    try {
      const res = await completion.generateCompletionWithMeta(input.rawPrompt, common).catch(rethrowTooLong(seq))
      text = res.response
      stopReason = res.metadata.stopReason
    } finally {
      completion.dispose({ disposeSequence: false })
    }
  } else {
    // Resolving "auto" compares the model's Jinja template with every known wrapper: do it once per loaded model.
    const chat = new LlamaChat({ contextSequence: seq, chatWrapper: lease.model.chatWrapper ?? 'auto' })
    lease.model.chatWrapper ??= chat.chatWrapper
    try {
      const res = await chat.generateResponse(toHistory(input.messages ?? []), common).catch(rethrowTooLong(seq))
      text = res.response
      stopReason = res.metadata.stopReason
    } finally {
      chat.dispose({ disposeSequence: false })
    }
  }
  const ended = performance.now()
  const first = firstText ?? ended
  return {
    text,
    doneReason: stopReason === 'maxTokens' ? 'length' : 'stop',
    aborted: stopReason === 'abort' || input.signal.aborted,
    promptTokens: seq.tokenMeter.usedInputTokens - before.input,
    evalTokens: seq.tokenMeter.usedOutputTokens - before.output,
    promptEvalMs: first - started,
    evalMs: ended - first,
  }
}

/**
 * node-llama-cpp throws a plain Error when a prompt cannot fit the context even after compressing history; that is
 * the caller's input, so it becomes a 400 naming the context size rather than a 500.
 */
function rethrowTooLong(seq: Lease['sequence']) {
  return (err: unknown): never => {
    const message = err instanceof Error ? err.message : ''
    if (/too long prompt|context size|longer than the context/i.test(message)) {
      throw new BadRequestError(
        `The prompt and num_predict do not fit the context of ${seq.context.contextSize} tokens; shorten the prompt, lower num_predict or raise num_ctx`,
        'context_length_exceeded',
      )
    }
    throw err
  }
}

/** The chat history node-llama-cpp's LlamaChat generates from (the model's turn last, empty). */
export function toHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((m) => {
    if (m.role === 'system') return { type: 'system', text: m.content }
    if (m.role === 'assistant') return { type: 'model', response: [m.content] }
    return { type: 'user', text: m.content }
  })
  history.push({ type: 'model', response: [] })
  return history
}
