import {
  type FeedbackResponse,
  type Learner,
  MAX_MESSAGE_CHARS,
  type ScoreResponse,
  type TurnErrorEvent,
  type TutorTurnEventName,
  type TutorTurnRequest,
} from '@parley/core'
import { relayTutorReply, startTutorReply, type TutorDeps } from '../tutor-reply.js'
import type { ReplyUsage } from '../usage.js'
import type { Coalescer } from './coalescer.js'
import type { ConversationStore } from './conversation-store.js'
import type { KeyedQueue } from './keyed-queue.js'
import type { ScoringClient } from './scoring-client.js'
import { type StoredTurn, type TurnPlan, usable, withFeedback, withReply, withScore } from './stored-turns.js'

/** Sends one event to the caller if it is still there; never throws (the work goes on without it). */
export type Emit = (event: TutorTurnEventName, data: unknown) => Promise<void>

export type ScoredTurn = { turnId?: string; score: ScoreResponse } | undefined

export type TurnWork = {
  tutor: TutorDeps
  scoring: ScoringClient
  /** Every write of one conversation goes through here, in order (see KeyedQueue). */
  writes: KeyedQueue
  /** Scoring and embedding, coalesced per conversation. */
  scores: Coalescer<ScoredTurn>
  /** Wall clock for the `at` of stored turns. */
  clock: () => Date
}

/**
 * One turn after the learner's message is stored: feedback (rules at once, then the LLM refinement) runs beside
 * the tutor's reply; `done` goes out the moment the reply ends; then the reply and feedback are stored and the
 * conversation is scored and embedded. None of it depends on the caller staying: `emit` only forwards. `stop`
 * (the caller leaving) stops the reply, which is stored as far as it got.
 */
export async function runTurn(
  work: TurnWork,
  store: ConversationStore,
  req: TutorTurnRequest,
  plan: TurnPlan,
  emit: Emit,
  stop: AbortSignal,
): Promise<void> {
  const id = req.conversationId
  const fail = (stage: TurnErrorEvent['stage'], message: string, code = `${stage}_failed`) =>
    emit('error', { code, message, stage } satisfies TurnErrorEvent)
  const update = (change: (turns: StoredTurn[]) => StoredTurn[]) =>
    work.writes.run(id, async () => {
      const current = await store.get(id)
      if (!current) return false
      return store.put(id, { conversation: change(current.conversation) })
    })
  const saving: Promise<unknown>[] = []
  const save = (what: string, change: (turns: StoredTurn[]) => StoredTurn[]) => {
    const write = update(change).then(
      async (kept) => {
        if (!kept) await fail('save', `the conversation was deleted; the ${what} was not stored`, 'conversation_gone')
      },
      (err: Error) => fail('save', `the ${what} could not be stored: ${err.message}`),
    )
    saving.push(write)
    return write
  }

  // The LLM refinement waits until the reply is streaming (or over), so that on a busy pool it never takes the
  // sequence the reply the learner is waiting for needs; the rules layer starts at once.
  let replyStreaming!: () => void
  const streaming = new Promise<void>((resolve) => {
    replyStreaming = resolve
  })
  const feedback = plan.learner?.needsFeedback
    ? giveFeedback(work, req.learner, plan.learner, emit, save, fail, streaming)
    : { first: Promise.resolve(), all: Promise.resolve() }

  const reply = await tutorReply(work, req, plan, emit, stop, replyStreaming).finally(replyStreaming)
  // Queued before `done` goes out, so a next message the learner sends at once is stored after this reply.
  save('reply', (turns) => withReply(turns, reply.turn, plan.learner?.turnId))
  // Token accounting is bookkeeping: a failure to store it is logged, never shown to the learner as a failed turn.
  if (reply.usage)
    saving.push(
      store
        .addUsage(id, reply.usage)
        .catch((err: Error) => work.tutor.log.warn({ err: err.message }, 'reply usage not stored')),
    )
  // The rules layer takes milliseconds; waiting for it means `done` always finds the message's first feedback shown.
  await feedback.first
  if (reply.error) await fail('tutor', reply.error.message, reply.error.code)
  else await emit('done', reply.done)

  await feedback.all
  await Promise.all(saving)
  if (!plan.learner) return
  try {
    const scored = await work.scores.request(id, () => scoreAndEmbed(work, store, req))
    // The score event names the reply it belongs to; when there is none with an id (the tutor's reply to a new
    // conversation failed), the score is still stored, and shown when the conversation is next opened.
    if (scored?.turnId) await emit('score', { turnId: scored.turnId, score: scored.score })
  } catch (err) {
    await fail('score', `the conversation could not be scored: ${(err as Error).message}`)
  }
}

type ReplyOutcome =
  | { turn: StoredTurn; done: unknown; error?: undefined; usage?: ReplyUsage }
  | { turn: StoredTurn; done?: undefined; error: { code: string; message: string }; usage?: undefined }

/** The tutor's reply as it will be stored: complete, stopped (the caller left) or failed (kept for a retry). */
async function tutorReply(
  work: TurnWork,
  req: TutorTurnRequest,
  plan: TurnPlan,
  emit: Emit,
  stop: AbortSignal,
  onFirstToken: () => void,
): Promise<ReplyOutcome> {
  const base: StoredTurn = {
    role: 'assistant',
    content: '',
    turnId: req.turnId,
    ...(plan.kind === 'opener' ? { scenario: plan.scenario } : {}),
  }
  const at = () => work.clock().toISOString()
  const sink = {
    writeSSE: (m: { event?: string; data: string }) => {
      onFirstToken()
      return emit('token', JSON.parse(m.data))
    },
  }
  try {
    const started = await startTutorReply(
      work.tutor,
      {
        conversationId: req.conversationId,
        messages: plan.messages,
        learner: req.learner,
        scenario: plan.scenario,
        model: req.model,
      },
      stop,
    )
    const finished = await relayTutorReply(work.tutor, started, sink, stop)
    if (!finished.ok)
      return { turn: { ...base, content: '', at: at(), failed: finished.error.message }, error: finished.error }
    const { done } = finished
    const turn: StoredTurn = { ...base, content: done.reply, at: at(), model: done.model }
    if (done.finishReason === 'aborted') turn.stopped = true
    return { turn, done: { ...done, turnId: req.turnId }, usage: finished.usage }
  } catch (err) {
    const e = err as { code?: string; message: string }
    const error = { code: e.code ?? 'tutor_failed', message: e.message }
    if (stop.aborted) return { turn: { ...base, at: at(), stopped: true }, error }
    return { turn: { ...base, at: at(), failed: error.message }, error }
  }
}

/**
 * The rules answer is asked for at once and shown (and stored) as soon as it comes; the rules+LLM refinement is
 * asked for once the reply is streaming, and replaces it. When the refinement comes first (no LLM to wait for, or a busy rules layer), the rules
 * answer is no longer shown: it would only replace better feedback. `first` settles with whichever is shown first.
 */
function giveFeedback(
  work: TurnWork,
  learner: Learner,
  turn: NonNullable<TurnPlan['learner']>,
  emit: Emit,
  save: (what: string, change: (turns: StoredTurn[]) => StoredTurn[]) => Promise<unknown>,
  fail: (stage: 'feedback', message: string) => Promise<void>,
  replyStreaming: Promise<void>,
): { first: Promise<void>; all: Promise<void> } {
  const request = { text: turn.text, ...(turn.context ? { context: turn.context } : {}), learner }
  let refined = false
  const show = async (layer: 'rules' | 'llm', feedback: FeedbackResponse) => {
    await emit('feedback', { turnId: turn.turnId, layer, feedback })
    void save(`${layer} feedback`, (turns) => withFeedback(turns, turn.turnId, feedback, layer))
  }
  const rules = work.scoring.feedback({ ...request, layer: 'rules' }, RULES_TIMEOUT_MS).then(
    (fb) => (refined ? undefined : show('rules', fb)),
    (err: Error) => (refined ? undefined : fail('feedback', `the rules feedback failed: ${err.message}`)),
  )
  const full = replyStreaming
    .then(() => work.scoring.feedback(request))
    .then(
      async (fb) => {
        refined = true
        await show('llm', fb)
      },
      (err: Error) => fail('feedback', `the feedback refinement failed; the rules feedback stays: ${err.message}`),
    )
  return { first: Promise.race([rules, full]), all: Promise.all([rules, full]).then(() => undefined) }
}

/** The rules layer answers in milliseconds (seconds on a saturated machine); past this `done` is not held for it. */
const RULES_TIMEOUT_MS = 15_000

/**
 * Scores and embeds the conversation as stored now, and stores what came back (a failed embedding does not hold
 * back the scores). Nothing to score without a learner turn.
 */
async function scoreAndEmbed(work: TurnWork, store: ConversationStore, req: TutorTurnRequest): Promise<ScoredTurn> {
  const id = req.conversationId
  const turns = ((await store.get(id))?.conversation ?? []).filter(usable)
  if (!turns.some((t) => t.role === 'user')) return undefined
  const messages = turns.map((t) => ({ role: t.role, content: t.content.slice(0, MAX_MESSAGE_CHARS) }))
  const [score, embedding] = await Promise.allSettled([
    work.scoring.score({
      conversation: turns.map((t, i) => ({ ...messages[i]!, ...(t.feedback ? { feedback: t.feedback } : {}) })),
      learner: req.learner,
    }),
    work.scoring.embed({ conversation: messages, ...(req.embedModel ? { model: req.embedModel } : {}) }),
  ])
  if (embedding.status === 'rejected')
    work.tutor.log.warn({ err: (embedding.reason as Error).message }, 'conversation not embedded')
  const tutorTurnId = turns.findLast((t) => t.role === 'assistant')?.turnId
  await work.writes.run(id, async () => {
    const latest = await store.get(id)
    if (!latest) return false
    return store.put(id, {
      conversation:
        score.status === 'fulfilled' ? withScore(latest.conversation, tutorTurnId, score.value) : latest.conversation,
      ...(embedding.status === 'fulfilled' ? { embedding: embedding.value.embedding } : {}),
    })
  })
  if (score.status === 'rejected') throw score.reason
  return { turnId: tutorTurnId, score: score.value }
}
