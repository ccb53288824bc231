import { z } from 'zod'
import { MAX_MESSAGE_CHARS, ModelName, ScenarioId, TutorDoneEvent } from './chat.js'
import { FeedbackResponse } from './feedback.js'
import { Learner } from './learner.js'
import { ScoreResponse } from './score.js'

/**
 * POST /tutor/turn: one learner turn, run on the server. The chat worker loads the stored conversation (as the
 * caller, through the api), stores the learner's `text` at once, streams the tutor's reply beside the feedback on
 * `text`, and then saves the reply, the feedback, the scores and the embedding whether or not the caller stays.
 *
 * Without `text` the tutor takes its next turn in the stored conversation: it opens an empty (or new) conversation,
 * answers a learner turn that has no reply yet, or replaces a reply that failed or was stopped.
 */
export const TutorTurnRequest = z.object({
  conversationId: z.uuid({ message: 'expected a conversation id (UUID)' }),
  /** Chosen by the client for this turn; a repeated request with the same id does not store the message twice. */
  turnId: z.uuid({ message: 'expected a turn id (UUID)' }),
  text: z.string().trim().min(1, { message: 'the message is empty' }).max(MAX_MESSAGE_CHARS).optional(),
  learner: Learner,
  /** The scenario of a new conversation; a stored conversation keeps the one its opening turn names. */
  scenario: ScenarioId.optional(),
  /** The tutor's model; defaults to the chat worker's CHAT_MODEL. */
  model: ModelName.optional(),
  /** Embedding model for the stored conversation; defaults to the scoring worker's EMBED_MODEL. */
  embedModel: ModelName.optional(),
  /** Title of a new conversation; defaults to the learner's first words, else the scenario's title. */
  title: z.string().trim().min(1).max(200).optional(),
})
export type TutorTurnRequest = z.infer<typeof TutorTurnRequest>
export type TutorTurnRequestInput = z.input<typeof TutorTurnRequest>

/**
 * SSE `turn`, always first: the learner's message is stored (or, for `opener` and `reply`, the conversation is
 * ready). `created` is true when this turn created the conversation.
 */
export const TurnStartedEvent = z.object({
  conversationId: z.string(),
  turnId: z.string(),
  kind: z.enum(['message', 'opener', 'reply']),
  created: z.boolean(),
  /** The turn id of the learner message that feedback and the reply answer (absent for an opener). */
  learnerTurnId: z.string().optional(),
  title: z.string(),
})
export type TurnStartedEvent = z.infer<typeof TurnStartedEvent>

/**
 * SSE `feedback` on the learner's message: `rules` arrives first (rules layer only, milliseconds), `llm` when the
 * LLM refinement is ready (rules + LLM merged; `feedback.degraded` when the LLM could not help). Clients show the
 * latest and say which layer it came from.
 */
export const TurnFeedbackEvent = z.object({
  /** The learner turn the feedback belongs to. */
  turnId: z.string(),
  layer: z.enum(['rules', 'llm']),
  feedback: FeedbackResponse,
})
export type TurnFeedbackEvent = z.infer<typeof TurnFeedbackEvent>

/** SSE `done`: the tutor's reply is complete (or stopped) and the learner may send the next message now. */
export const TurnDoneEvent = TutorDoneEvent.extend({ turnId: z.string() })
export type TurnDoneEvent = z.infer<typeof TurnDoneEvent>

/** SSE `score`: the conversation's scores, stored on the tutor turn `turnId` (the newest one they cover). */
export const TurnScoreEvent = z.object({ turnId: z.string(), score: ScoreResponse })
export type TurnScoreEvent = z.infer<typeof TurnScoreEvent>

/** SSE `error`: one stage failed; the others go on (a failed tutor reply is stored as failed, for a retry). */
export const TurnErrorEvent = z.object({
  code: z.string(),
  message: z.string(),
  stage: z.enum(['tutor', 'feedback', 'save', 'score']),
})
export type TurnErrorEvent = z.infer<typeof TurnErrorEvent>

/** SSE `end`, always last: everything this turn produced is stored (what failed was announced by `error`). */
export const TurnEndEvent = z.object({ turnId: z.string() })
export type TurnEndEvent = z.infer<typeof TurnEndEvent>

/** The event names of the /tutor/turn stream, each with its payload schema (`token` as in /tutor/chat). */
export const TutorTurnEvents = {
  turn: TurnStartedEvent,
  feedback: TurnFeedbackEvent,
  token: z.object({ text: z.string() }),
  done: TurnDoneEvent,
  score: TurnScoreEvent,
  error: TurnErrorEvent,
  end: TurnEndEvent,
} as const
export type TutorTurnEventName = keyof typeof TutorTurnEvents
export type TutorTurnEvent = {
  [K in TutorTurnEventName]: { event: K; data: z.infer<(typeof TutorTurnEvents)[K]> }
}[TutorTurnEventName]
