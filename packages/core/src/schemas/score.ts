import { z } from 'zod'
import { ChatMessage, MAX_CONVERSATION_MESSAGES } from './chat.js'
import { FeedbackResponse, LlmLayerState } from './feedback.js'
import { CefrLevel, Learner } from './learner.js'

export const SCORE_ASPECTS = [
  'written_fluency',
  'vocabulary',
  'grammar',
  'comprehension',
  'coherence',
  'digital_etiquette',
  'responsiveness',
  'clarity',
  'overall_communication',
] as const
export const ScoreAspect = z.enum(SCORE_ASPECTS)
export type ScoreAspect = z.infer<typeof ScoreAspect>

/** A conversation turn, optionally with the feedback already computed for it (saves the scorer re-linting). */
export const ScoredMessage = ChatMessage.extend({ feedback: FeedbackResponse.optional() })
export type ScoredMessage = z.infer<typeof ScoredMessage>

/** POST /score */
export const ScoreRequest = z.object({
  conversation: z.array(ScoredMessage).min(1).max(MAX_CONVERSATION_MESSAGES),
  learner: Learner.optional(),
  /** The same conversation and seed always give the same scores. */
  seed: z.number().int().nonnegative().optional(),
})
export type ScoreRequest = z.infer<typeof ScoreRequest>

export const AspectScore = z.object({
  score: z.number().min(0).max(100),
  /** One sentence. */
  justification: z.string(),
})
export type AspectScore = z.infer<typeof AspectScore>

export const ScoreResponse = z.object({
  aspects: z.record(ScoreAspect, AspectScore),
  cefr: z.object({ level: CefrLevel, confidence: z.number().min(0).max(1) }),
  /** The measured signals behind the scores, by name (e.g. `errorsPer100Words`, `lexicalDiversity`). */
  signals: z.record(z.string(), z.number()),
  /** True when the LLM's judgement was unavailable and the scores come from the measured signals alone. */
  degraded: z.boolean().optional(),
  /** Whether the rubric LLM (and embeddings) took part; `skipped_random_weights` with a demo model. */
  llm: LlmLayerState.optional(),
})
export type ScoreResponse = z.infer<typeof ScoreResponse>
