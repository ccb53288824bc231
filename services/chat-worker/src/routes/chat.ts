import { type AppEnv, limitBody, TutorChatRequest, validate } from '@parley/core'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { relayTutorReply, startTutorReply, type TutorDeps } from '../tutor-reply.js'

export type ChatRouteDeps = TutorDeps

/**
 * POST /tutor/chat: the tutor's next turn, streamed as SSE `token` events and one `done` (or `error`).
 * Everything that can fail before the first byte (bad input, unknown scenario or model, pool down) is a JSON error
 * with its status; after that, failures arrive as an `error` event. A learner who disconnects cancels generation.
 */
export function chatRoutes(deps: ChatRouteDeps) {
  return new Hono<AppEnv>().post(
    '/',
    limitBody(deps.settings.maxBodyBytes),
    validate('json', TutorChatRequest),
    async (c) => {
      const started = deps.now()
      // One signal for the whole turn: the learner leaving cancels the summary call and the generation alike.
      const cancel = new AbortController()
      const onGone = () => cancel.abort()
      c.req.raw.signal.addEventListener('abort', onGone, { once: true })
      const reply = await startTutorReply(deps, c.req.valid('json'), cancel.signal, started)

      return streamSSE(c, async (sse) => {
        sse.onAbort(onGone)
        try {
          const finished = await relayTutorReply(deps, reply, sse, cancel.signal)
          if (!finished.ok) await sse.writeSSE({ event: 'error', data: JSON.stringify(finished.error) })
          else if (finished.relayed.outcome !== 'aborted')
            await sse.writeSSE({ event: 'done', data: JSON.stringify(finished.done) })
        } finally {
          c.req.raw.signal.removeEventListener('abort', onGone)
        }
      })
    },
  )
}
