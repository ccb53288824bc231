import {
  BadRequestError,
  isSmallModel,
  type Logger,
  type Scenario,
  type TutorChatRequest,
  type TutorDoneEvent,
  type TutorErrorEvent,
} from '@parley/core'
import type { SSEStreamingApi } from 'hono/streaming'
import { composeTutorTurn, type TutorTurn } from './compose.js'
import { LeakGuard, protectedShingles } from './leak-guard.js'
import { type LlmPool, llmError } from './llm.js'
import type { ChatMetrics } from './metrics.js'
import { emptyReplyLine, leakDeflection } from './prompts/index.js'
import { LEARNER_TAG } from './prompts/learner-data.js'
import { type Generation, type Relayed, relayGeneration } from './relay.js'
import { ReplyLimiter } from './reply-limits.js'
import type { ScenarioCatalogue } from './scenarios.js'
import { scriptedGeneration, scriptedOpeningLine } from './scripted-opening.js'
import type { TutorSettings } from './settings.js'
import type { Summariser } from './summariser.js'
import type { TokenRatios } from './tokens.js'
import { accountReply, type ReplyUsage } from './usage.js'

/** What producing a tutor reply needs; shared by /tutor/chat and /tutor/turn so caches (calibration) are shared. */
export type TutorDeps = {
  log: Logger
  pool: LlmPool
  scenarios: ScenarioCatalogue
  summariser: Summariser
  tokenRatios: TokenRatios
  settings: TutorSettings
  chatMetrics: ChatMetrics
  now: () => number
}

/** A reply whose generation has started: everything that can fail before the first token has been checked. */
export type StartedReply = {
  request: TutorChatRequest
  scenario: Scenario
  model: string
  turn: TutorTurn
  guard: LeakGuard
  generation: Generation
  started: number
  /** The model has random weights: the client is told (`done.demoModel`) rather than shown it as a tutor. */
  demoModel: boolean
  /** The scenario's own opening line, not the model's words: not cut to the sentence cap. */
  scripted?: boolean
}

/**
 * Sampling for a tutor reply: a token cap, a repeat penalty (tiny models loop without one), and stop sequences where
 * a model starts writing the learner's next line itself. The sentence cap is applied while relaying (ReplyLimiter).
 */
export function replyOptions(settings: TutorSettings, numCtx: number, learnerName: string) {
  return {
    num_predict: settings.maxReplyTokens,
    temperature: settings.temperature,
    num_ctx: numCtx,
    repeat_penalty: settings.repeatPenalty ?? 1.15,
    repeat_last_n: settings.repeatLastN ?? 128,
    stop: ['\nUser:', '\nLearner:', '\nuser:', `\n${learnerName.slice(0, 40)}:`, `<${LEARNER_TAG}`, `</${LEARNER_TAG}`],
  }
}

/**
 * Validates the request, fits the history to the model's context and starts generating. Throws AppErrors (bad
 * input, unknown scenario or model, pool down) so callers can answer them before streaming. `signal` cancels the
 * summary call and the generation alike.
 */
export async function startTutorReply(
  deps: TutorDeps,
  request: TutorChatRequest,
  signal: AbortSignal,
  started = deps.now(),
): Promise<StartedReply> {
  const { settings, pool } = deps
  const last = request.messages.at(-1)
  if (last && last.role !== 'user')
    throw new BadRequestError('messages: the last message must be the learner\'s (role "user")', 'invalid_input')
  if (last && !last.content.trim()) throw new BadRequestError('messages: the last message is empty', 'invalid_input')
  const scenario = deps.scenarios.require(request.scenario)
  const model = request.model ?? settings.defaultModel

  const facts = await pool.modelFacts(model, signal)
  const numCtx = Math.min(facts.contextLength ?? settings.numCtx, settings.numCtx)
  await pool.calibrate(model, deps.tokenRatios, numCtx, signal)
  const tokenRatio = deps.tokenRatios.get(model)
  const turn = await composeTutorTurn({
    request,
    scenario,
    tutorName: settings.tutorName,
    contextTokens: numCtx,
    replyTokens: settings.maxReplyTokens,
    tokenRatio,
    summarise: async (older, maxTokens) => {
      // A random-weight model cannot summarise: the deterministic summary, at once.
      const summary = await deps.summariser.summarise({
        turns: older,
        maxTokens,
        model,
        numCtx,
        tokenRatio,
        signal,
        extractiveOnly: facts.randomWeights,
      })
      deps.chatMetrics.summaries.inc({ kind: summary.kind })
      return summary
    },
  })
  const guard = new LeakGuard(protectedShingles(turn.system.instructions, turn.system.publicText), turn.canary)
  // A small model opens a role-play badly (off topic, reciting its instructions): it opens with the scenario's line.
  if (request.messages.length === 0 && isSmallModel(facts.parameters)) {
    const generation = scriptedGeneration(scriptedOpeningLine(request.learner, scenario), model)
    return {
      request,
      scenario,
      model,
      turn,
      guard,
      generation,
      started,
      demoModel: facts.randomWeights,
      scripted: true,
    }
  }
  try {
    const generation = await pool.client(signal).chat({
      model,
      stream: true,
      messages: turn.messages,
      options: replyOptions(settings, numCtx, request.learner.name),
    })
    return { request, scenario, model, turn, guard, generation, started, demoModel: facts.randomWeights }
  } catch (err) {
    throw llmError(err, model)
  }
}

export type FinishedReply =
  | { ok: true; relayed: Relayed; done: TutorDoneEvent; usage?: ReplyUsage }
  | { ok: false; error: TutorErrorEvent; reply: string }

/**
 * Relays a started reply as `token` events to `sink` through the leak guard, and builds its `done` event (which it
 * does not send). A cancelled reply ends with `finishReason: "aborted"` and what was shown; a failure mid-stream
 * comes back as an error, never thrown.
 */
export async function relayTutorReply(
  deps: TutorDeps,
  reply: StartedReply,
  sink: Pick<SSEStreamingApi, 'writeSSE'>,
  cancelled: AbortSignal,
): Promise<FinishedReply> {
  const { model, scenario, turn } = reply
  try {
    const relayed = await relayGeneration({
      generation: reply.generation,
      guard: reply.guard,
      sse: sink,
      cancelled,
      deflection: leakDeflection(scenario),
      whenEmpty: emptyReplyLine(scenario),
      learnerText: reply.request.messages.at(-1)?.content,
      learnerTexts: reply.request.messages.filter((m) => m.role === 'user').map((m) => m.content),
      now: deps.now,
      limiter: reply.scripted ? undefined : new ReplyLimiter(deps.settings.maxReplySentences ?? 4),
    })
    deps.chatMetrics.replies.inc({ outcome: relayed.outcome })
    if (relayed.outcome === 'filtered')
      deps.log.warn({ model, scenario: scenario.id }, 'tutor reply echoed its instructions; stopped and deflected')
    const { final } = relayed
    const done: TutorDoneEvent = {
      conversationId: reply.request.conversationId,
      model,
      scenario: scenario.id,
      finishReason:
        relayed.outcome === 'filtered'
          ? 'filtered'
          : relayed.outcome === 'aborted'
            ? 'aborted'
            : final?.done_reason === 'length'
              ? 'length'
              : 'stop',
      reply: relayed.reply,
      tokens: {
        prompt: final?.prompt_eval_count ?? turn.promptTokensEstimate,
        completion: final?.eval_count ?? relayed.chunks,
      },
      timings: {
        firstTokenMs: relayed.firstTokenAt === null ? null : relayed.firstTokenAt - reply.started,
        totalMs: deps.now() - reply.started,
        ...(final?.prompt_eval_duration ? { promptEvalMs: final.prompt_eval_duration / 1e6 } : {}),
        ...(final?.eval_duration ? { evalMs: final.eval_duration / 1e6 } : {}),
      },
      history: turn.history,
      nonEnglish: turn.nonEnglish,
      injectionSuspected: turn.injectionSuspected,
      ...(turn.goal ? { goal: turn.goal } : {}),
      ...(reply.demoModel ? { demoModel: true } : {}),
    }
    if (final?.prompt_eval_count) deps.tokenRatios.observe(model, final.prompt_eval_count, turn.promptUnits)
    // A scripted opening used no model. Every generated reply is accounted, also one the limiter, the leak filter
    // or the learner stopped before the final chunk: its tokens were spent, so they are the done event's estimate.
    const usage = reply.scripted
      ? undefined
      : await accountReply(deps, model, { tokensIn: done.tokens.prompt, tokensOut: done.tokens.completion })
    return { ok: true, relayed, done, usage }
  } catch (err) {
    const mapped = llmError(err, model)
    deps.log.warn({ err: (err as Error).message, model }, 'tutor generation failed mid-stream')
    deps.chatMetrics.replies.inc({ outcome: 'failed' })
    return { ok: false, error: { code: mapped.code, message: mapped.message }, reply: reply.guard.shown }
  }
}
