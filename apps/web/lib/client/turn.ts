import type {
  FeedbackResponse,
  Learner,
  ScoreResponse,
  TurnDoneEvent,
  TurnErrorEvent,
  TurnStartedEvent,
} from '@parley/core'
import { readSse } from '../sse'
import { openStream } from './api'

export type TurnHandlers = {
  onStarted?: (e: TurnStartedEvent) => void
  /** `rules` first (at once), then `llm` (the refinement that replaces it). */
  onFeedback?: (turnId: string, layer: 'rules' | 'llm', feedback: FeedbackResponse) => void
  onToken?: (textSoFar: string) => void
  /** The reply is complete: the learner may send again. */
  onDone?: (done: TurnDoneEvent) => void
  onScore?: (turnId: string, score: ScoreResponse) => void
  /** A stage failed after the stream began (the others go on). */
  onError?: (e: TurnErrorEvent) => void
  onRegion?: (served: string | undefined) => void
}

export type TurnResult = {
  /** What the tutor said so far (all of it once `done` arrived). */
  reply: string
  done?: TurnDoneEvent
  /** The learner pressed Stop (the server keeps the reply as far as it got, marked stopped). */
  stopped: boolean
  /** True when the stream ran to `end`: everything of this turn is stored. */
  ended: boolean
}

/**
 * One learner turn, run by the server (`POST /{region}/tutor/turn` through the BFF): it stores the message, streams
 * the reply beside the feedback, and stores the reply, feedback and scores even if this tab closes. Resolves when
 * the stream ends; `onDone` fires as soon as the reply is complete. A non-2xx answer (nothing stored) throws ApiError.
 */
export async function runTurn(
  opts: {
    region: string
    conversationId: string
    turnId: string
    text?: string
    learner: Learner
    scenario?: string
    title?: string
    model?: string
    embedModel?: string
    signal: AbortSignal
  } & TurnHandlers,
): Promise<TurnResult> {
  const result: TurnResult = { reply: '', stopped: false, ended: false }
  try {
    const body = {
      conversationId: opts.conversationId,
      turnId: opts.turnId,
      learner: opts.learner,
      ...(opts.text !== undefined ? { text: opts.text } : {}),
      ...(opts.scenario ? { scenario: opts.scenario } : {}),
      ...(opts.title ? { title: opts.title } : {}),
      ...(opts.model ? { model: opts.model } : {}),
      ...(opts.embedModel ? { embedModel: opts.embedModel } : {}),
    }
    const res = await openStream(`/api/gw/${opts.region}/tutor/turn`, body, opts.signal, 'The turn')
    opts.onRegion?.(res.headers.get('x-parley-region') ?? undefined)
    for await (const ev of readSse(res.body!)) {
      const data = JSON.parse(ev.data)
      if (ev.event === 'turn') opts.onStarted?.(data as TurnStartedEvent)
      else if (ev.event === 'feedback') opts.onFeedback?.(data.turnId, data.layer, data.feedback)
      else if (ev.event === 'token') {
        result.reply += (data as { text: string }).text
        opts.onToken?.(result.reply)
      } else if (ev.event === 'done') {
        result.done = data as TurnDoneEvent
        result.reply = result.done.reply || result.reply
        opts.onDone?.(result.done)
      } else if (ev.event === 'score') opts.onScore?.(data.turnId, data.score)
      else if (ev.event === 'error') opts.onError?.(data as TurnErrorEvent)
      else if (ev.event === 'end') result.ended = true
    }
    return result
  } catch (err) {
    if (opts.signal.aborted) return { ...result, stopped: result.done === undefined }
    throw err
  }
}
