import type { SSEStreamingApi } from 'hono/streaming'
import type { ChatResponse } from 'ollama'
import type { LeakGuard } from './leak-guard.js'
import type { ReplyLimiter } from './reply-limits.js'

export type Generation = AsyncIterable<ChatResponse> & { abort(): void }

export type Relayed = {
  /**
   * `aborted`: the learner left; `filtered`: the guard stopped an echo of the instructions; `empty`: the model gave
   * no text, and `whenEmpty` was sent instead.
   */
  outcome: 'completed' | 'filtered' | 'aborted' | 'empty'
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
  /** Sent in place of a reply that finished with no text at all. */
  whenEmpty: string
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
  try {
    for await (const part of generation) {
      if (cancelled.aborted) break
      chunks++
      const step = guard.push(part.message?.content ?? '')
      const limited = limiter?.take(step.release)
      await send(limited ? limited.send : step.release)
      if (limited?.stop && !step.leaked) {
        generation.abort()
        return { outcome: 'completed', reply: limiter!.reply, chunks, firstTokenAt }
      }
      if (step.leaked) {
        generation.abort()
        const shown = guard.shown
        const deflection = `${shown && !/\s$/.test(shown) ? ' ' : ''}${opts.deflection}`
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
  const sent = limiter ? limiter.take(rest).send : rest
  await send(sent)
  const reply = limiter ? limiter.reply : guard.shown
  if (reply.trim() === '') {
    await send(opts.whenEmpty)
    return { outcome: 'empty', reply: opts.whenEmpty, final, chunks, firstTokenAt }
  }
  return { outcome: 'completed', reply, final, chunks, firstTokenAt }
}
