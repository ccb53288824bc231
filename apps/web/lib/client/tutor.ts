import type { FeedbackResponse, Learner, TutorDoneEvent } from '@parley/core'
import { type Conversation, chatMessages } from '../conversation'
import { readSse } from '../sse'
import { ApiError, gw, openStream } from './api'

export type StreamResult = { reply: string; done?: TutorDoneEvent; region?: string; stopped: boolean }

/**
 * Streams the tutor's next reply. `onToken` gets the text so far after each SSE `token`; an `error` event or a
 * non-2xx answer throws ApiError. Aborting the signal (the stop button) ends it with what arrived.
 */
export async function streamReply(opts: {
  region: string
  conversation: Conversation
  scenario: string
  learner: Learner
  model?: string
  signal: AbortSignal
  onToken: (textSoFar: string) => void
  onRegion?: (served: string | undefined) => void
}): Promise<StreamResult> {
  const { conversation: c } = opts
  let reply = ''
  let region: string | undefined
  try {
    const body = {
      conversationId: c.id,
      messages: chatMessages(c.conversation),
      learner: opts.learner,
      scenario: opts.scenario,
      ...(opts.model ? { model: opts.model } : {}),
    }
    const res = await openStream(`/api/gw/${opts.region}/tutor/chat`, body, opts.signal, 'The tutor')
    region = res.headers.get('x-parley-region') ?? undefined
    opts.onRegion?.(region)
    for await (const ev of readSse(res.body!)) {
      if (ev.event === 'token') {
        reply += (JSON.parse(ev.data) as { text: string }).text
        opts.onToken(reply)
      } else if (ev.event === 'done') {
        const done = JSON.parse(ev.data) as TutorDoneEvent
        return { reply: done.reply || reply, done, region, stopped: false }
      } else if (ev.event === 'error') {
        const e = JSON.parse(ev.data) as { code?: string; message?: string }
        throw new ApiError(502, e.code ?? 'stream_error', e.message ?? 'The tutor stopped with an error')
      }
    }
    throw new ApiError(502, 'stream_cut', 'The reply was cut off before it finished')
  } catch (err) {
    if (opts.signal.aborted) return { reply, region, stopped: true }
    throw err
  }
}

export function learnerOf(s: { name?: string; level?: string; feedbackLanguage?: string } | undefined): Learner {
  return {
    name: s?.name?.trim() || 'Learner',
    level: (s?.level as Learner['level']) || 'auto',
    nativeLanguage: s?.feedbackLanguage || 'en',
  }
}

export async function fetchFeedback(region: string, text: string, context: string | undefined, learner: Learner) {
  const r = await gw<FeedbackResponse>(`${region}/feedback`, {
    method: 'POST',
    json: { text: text.slice(0, 4000), ...(context ? { context: context.slice(0, 4000) } : {}), learner },
  })
  return r.data
}
