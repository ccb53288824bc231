import type { SSEStreamingApi } from 'hono/streaming'
import type { ChatResponse } from 'ollama'
import { EchoOpening } from './echo-opening.js'
import type { LeakGuard } from './leak-guard.js'
import type { ReplyLimiter } from './reply-limits.js'

export type Generation = AsyncIterable<ChatResponse> & { abort(): void }

export type Relayed = {
  /**
   * `aborted`: the learner left; `filtered`: the guard stopped an echo of the instructions; `empty`: the model gave
   * no text, and `whenEmpty` was sent instead; `echo`: the reply only repeated the learner's message, and `whenEmpty`
   * followed it.
   */
  outcome: 'completed' | 'filtered' | 'aborted' | 'empty' | 'echo'
  /** What the learner received, deflection included. */
  reply: string
  /** The LLM server's last chunk, with its counts and durations (absent when stopped early). */
  final?: ChatResponse
  chunks: number
  firstTokenAt: number | null
}

/**
 * Relays a generation to the learner as SSE `token` events through the leak guard. When the guard finds an echo of
 * the instructions, it stops the generation and sends `deflection` in its place. Upstream failures are thrown.
 */
export async function relayGeneration(opts: {
  generation: Generation
  guard: LeakGuard
  sse: Pick<SSEStreamingApi, 'writeSSE'>
  cancelled: AbortSignal
  deflection: string
  /** Sent in place of a reply that finished with no text at all, and after one that only repeated `learnerText`. */
  whenEmpty: string
  /** The learner's message this answers: a small model sometimes just repeats it back (SmolLM2-135M in CI). */
  learnerText?: string
  /** The learner's messages so far: a first sentence that mostly copies one of them is dropped (echo-opening.ts). */
  learnerTexts?: string[]
  now: () => number
  /** Stops the reply after a few sentences or at a repeated one (what the learner keeps is `limiter.reply`). */
  limiter?: ReplyLimiter
}): Promise<Relayed> {
  const { generation, guard, sse, cancelled, limiter } = opts
  let firstTokenAt: number | null = null
  let final: ChatResponse | undefined
  let chunks = 0
  const send = async (text: string) => {
    if (!text) return
    firstTokenAt ??= opts.now()
    await sse.writeSSE({ event: 'token', data: JSON.stringify({ text }) })
  }
  const stream = opts.learnerTexts?.length ? withoutEchoOpening(generation, opts.learnerTexts) : generation
  try {
    for await (const part of stream) {
      if (cancelled.aborted) break
      chunks++
      const step = guard.push(part.message?.content ?? '')
      const limited = limiter?.take(step.release)
      await send(limited ? limited.send : step.release)
      if (limited?.stop && !step.leaked) {
        generation.abort()
        return finish(limiter!.reply, undefined)
      }
      if (step.leaked) {
        generation.abort()
        const shown = guard.shown
        const deflection = `${joinBefore(shown)}${opts.deflection}`
        await send(deflection)
        return { outcome: 'filtered', reply: shown + deflection, chunks, firstTokenAt }
      }
      if (part.done) final = part
    }
  } catch (err) {
    if (!cancelled.aborted) throw err
  } finally {
    if (!final) generation.abort()
  }
  if (cancelled.aborted) return { outcome: 'aborted', reply: guard.shown, chunks, firstTokenAt }
  const rest = guard.end().release
  const sent = limiter ? limiter.take(rest).send + limiter.end() : rest
  await send(sent)
  return finish(limiter ? limiter.reply : guard.shown, final)

  /** A reply with nothing of the tutor's own (no text, or the learner's words back) ends with a line to go on from. */
  async function finish(reply: string, last: ChatResponse | undefined): Promise<Relayed> {
    if (reply.trim() === '') {
      await send(opts.whenEmpty)
      return { outcome: 'empty', reply: opts.whenEmpty, final: last, chunks, firstTokenAt }
    }
    if (opts.learnerText !== undefined && repeats(reply, opts.learnerText)) {
      const more = `${/\s$/.test(reply) ? '' : ' '}${opts.whenEmpty}`
      await send(more)
      return { outcome: 'echo', reply: reply + more, final: last, chunks, firstTokenAt }
    }
    return { outcome: 'completed', reply, final: last, chunks, firstTokenAt }
  }
}

/** The model's parts with a copied first sentence taken out; what it held is flushed into the last part. */
async function* withoutEchoOpening(parts: AsyncIterable<ChatResponse>, learnerTexts: string[]) {
  const echo = new EchoOpening(learnerTexts)
  for await (const part of parts) {
    const content = echo.push(part.message?.content ?? '') + (part.done ? echo.end() : '')
    yield { ...part, message: { ...part.message, content } } as ChatResponse
    if (part.done) return
  }
  const rest = echo.end()
  if (rest) yield { message: { role: 'assistant', content: rest }, done: false } as ChatResponse
}

const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []

/** The reply's words are the learner's message, or a run of it, and nothing else. */
function repeats(reply: string, learnerText: string): boolean {
  const mine = words(reply).join(' ')
  return mine !== '' && ` ${words(learnerText).join(' ')} `.includes(` ${mine} `)
}

/**
 * What goes between the reply shown so far and the deflection that replaces the rest. The shown part stays (it was
 * streamed, and the stored reply is what the learner saw); cut mid-sentence, a dash marks the break, else the
 * deflection ran on as the same sentence ("I can help I'm here to practise English with you").
 */
function joinBefore(shown: string): string {
  const tail = shown.trimEnd()
  if (!tail) return ''
  const space = tail === shown ? ' ' : ''
  return /[.!?…]["')\]]*$/.test(tail) ? space : `${space}— `
}
