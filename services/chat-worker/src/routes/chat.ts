import {
  type AppEnv,
  BadRequestError,
  type Logger,
  limitBody,
  TutorChatRequest,
  type TutorDoneEvent,
  type TutorErrorEvent,
  validate,
} from '@parley/core'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { composeTutorTurn } from '../compose.js'
import { LeakGuard, protectedShingles } from '../leak-guard.js'
import { type LlmPool, llmError } from '../llm.js'
import type { ChatMetrics } from '../metrics.js'
import { leakDeflection } from '../prompts/index.js'
import { type Generation, relayGeneration } from '../relay.js'
import type { ScenarioCatalogue } from '../scenarios.js'
import type { TutorSettings } from '../settings.js'
import type { Summariser } from '../summariser.js'
import type { TokenRatios } from '../tokens.js'

export type ChatRouteDeps = {
  log: Logger
  pool: LlmPool
  scenarios: ScenarioCatalogue
  summariser: Summariser
  tokenRatios: TokenRatios
  settings: TutorSettings
  chatMetrics: ChatMetrics
  now: () => number
}

/**
 * POST /tutor/chat: the tutor's next turn, streamed as SSE `token` events and one `done` (or `error`).
 * Everything that can fail before the first byte (bad input, unknown scenario or model, pool down) is a JSON error
 * with its status; after that, failures arrive as an `error` event. A learner who disconnects cancels generation.
 */
export function chatRoutes(deps: ChatRouteDeps) {
  const { settings, pool, chatMetrics } = deps
  return new Hono<AppEnv>().post(
    '/',
    limitBody(settings.maxBodyBytes),
    validate('json', TutorChatRequest),
    async (c) => {
      const started = deps.now()
      const body = c.req.valid('json')
      const last = body.messages.at(-1)
      if (last && last.role !== 'user')
        throw new BadRequestError('messages: the last message must be the learner\'s (role "user")', 'invalid_input')
      if (last && !last.content.trim())
        throw new BadRequestError('messages: the last message is empty', 'invalid_input')
      const scenario = deps.scenarios.require(body.scenario)
      const model = body.model ?? settings.defaultModel

      // One signal for the whole turn: the learner leaving cancels the summary call and the generation alike.
      const cancel = new AbortController()
      const onGone = () => cancel.abort()
      c.req.raw.signal.addEventListener('abort', onGone, { once: true })

      const modelContext = await pool.contextLength(model, cancel.signal)
      const numCtx = Math.min(modelContext ?? settings.numCtx, settings.numCtx)
      await pool.calibrate(model, deps.tokenRatios, numCtx, cancel.signal)
      const tokenRatio = deps.tokenRatios.get(model)
      const turn = await composeTutorTurn({
        request: body,
        scenario,
        tutorName: settings.tutorName,
        contextTokens: numCtx,
        replyTokens: settings.maxReplyTokens,
        tokenRatio,
        summarise: async (older, maxTokens) => {
          const summary = await deps.summariser.summarise({
            turns: older,
            maxTokens,
            model,
            numCtx,
            tokenRatio,
            signal: cancel.signal,
          })
          chatMetrics.summaries.inc({ kind: summary.kind })
          return summary
        },
      })
      const guard = new LeakGuard(protectedShingles(turn.system.instructions, turn.system.publicText), turn.canary)

      let generation: Generation
      try {
        generation = await pool.client(cancel.signal).chat({
          model,
          stream: true,
          messages: turn.messages,
          options: { num_predict: settings.maxReplyTokens, temperature: settings.temperature, num_ctx: numCtx },
        })
      } catch (err) {
        throw llmError(err, model)
      }

      return streamSSE(c, async (sse) => {
        sse.onAbort(onGone)
        try {
          const relayed = await relayGeneration({
            generation,
            guard,
            sse,
            cancelled: cancel.signal,
            deflection: leakDeflection(scenario),
            now: deps.now,
          })
          chatMetrics.replies.inc({ outcome: relayed.outcome })
          if (relayed.outcome === 'aborted') return
          if (relayed.outcome === 'filtered')
            deps.log.warn(
              { model, scenario: scenario.id },
              'tutor reply echoed its instructions; stopped and deflected',
            )
          const { final } = relayed
          const done: TutorDoneEvent = {
            conversationId: body.conversationId,
            model,
            scenario: scenario.id,
            finishReason:
              relayed.outcome === 'filtered' ? 'filtered' : final?.done_reason === 'length' ? 'length' : 'stop',
            reply: relayed.reply,
            tokens: {
              prompt: final?.prompt_eval_count ?? turn.promptTokensEstimate,
              completion: final?.eval_count ?? relayed.chunks,
            },
            timings: {
              firstTokenMs: relayed.firstTokenAt === null ? null : relayed.firstTokenAt - started,
              totalMs: deps.now() - started,
              ...(final?.prompt_eval_duration ? { promptEvalMs: final.prompt_eval_duration / 1e6 } : {}),
              ...(final?.eval_duration ? { evalMs: final.eval_duration / 1e6 } : {}),
            },
            history: turn.history,
            nonEnglish: turn.nonEnglish,
            injectionSuspected: turn.injectionSuspected,
          }
          await sse.writeSSE({ event: 'done', data: JSON.stringify(done) })
          if (final?.prompt_eval_count) deps.tokenRatios.observe(model, final.prompt_eval_count, turn.promptUnits)
        } catch (err) {
          // After the first byte the status is sent, so a failure becomes an `error` event.
          const mapped = llmError(err, model)
          deps.log.warn({ err: (err as Error).message, model }, 'tutor generation failed mid-stream')
          chatMetrics.replies.inc({ outcome: 'failed' })
          const event: TutorErrorEvent = { code: mapped.code, message: mapped.message }
          await sse.writeSSE({ event: 'error', data: JSON.stringify(event) })
        } finally {
          c.req.raw.signal.removeEventListener('abort', onGone)
        }
      })
    },
  )
}
