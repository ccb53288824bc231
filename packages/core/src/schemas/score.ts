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
  /**
   * The learner's earlier conversations' own level estimates, oldest first, at most 50: each one's
   * `{level: cefr.conversationLevel, confidence: cefr.conversationConfidence, words: signals.learnerWords}`. The level
   * then moves with the learner, and one conversation or message cannot flip it (docs/scoring.md). The newest entry's
   * level is the one held unless another wins clearly.
   */
  history: z
    .array(
      z.object({
        level: CefrLevel,
        confidence: z.number().min(0).max(1),
        /** Learner words behind that estimate (`signals.learnerWords`); 100 when absent. */
        words: z.number().int().nonnegative().max(1_000_000).optional(),
      }),
    )
    .max(50)
    .optional(),
})
export type ScoreRequest = z.infer<typeof ScoreRequest>

export const AspectScore = z.object({
  score: z.number().min(0).max(100),
  /** One or two sentences naming the measured evidence, quoting the learner's own words. */
  justification: z.string(),
  /** The learner's words the justification quotes (exact substrings of their turns), for highlighting. */
  evidence: z.array(z.string()).optional(),
})
export type AspectScore = z.infer<typeof AspectScore>

export const ScoreResponse = z.object({
  aspects: z.record(ScoreAspect, AspectScore),
  cefr: z.object({
    level: CefrLevel,
    /** Calibrated: of the estimates given 0.8, about 80 % are right (docs/scoring.md). */
    confidence: z.number().min(0).max(1),
    /** P(A1) … P(C2) after smoothing with the history. */
    probabilities: z.record(CefrLevel, z.number().min(0).max(1)).optional(),
    /** The level this conversation alone points to, before the learner's history is taken into account. */
    conversationLevel: CefrLevel.optional(),
    /** The probability of `conversationLevel` from this conversation alone. */
    conversationConfidence: z.number().min(0).max(1).optional(),
  }),
  /** The measured signals behind the scores, by name (e.g. `errorsPer100Words`, `lexicalDiversity`). */
  signals: z.record(z.string(), z.number()),
  /**
   * What the LLM rubric did: `used` (blended in, bounded), `rejected` (answered, but degenerate: all equal, extreme
   * or contradicting the measured signals), `unavailable` (failed or timed out), `skipped` (not asked).
   * `maxSwing` is the largest number of points it moved any aspect.
   */
  rubric: z
    .object({
      status: z.enum(['used', 'rejected', 'unavailable', 'skipped']),
      reason: z.string().optional(),
      maxSwing: z.number().min(0).max(100),
    })
    .optional(),
  /** True when the LLM's judgement was unavailable and the scores come from the measured signals alone. */
  degraded: z.boolean().optional(),
  /**
   * Whether the rubric LLM (and embeddings) took part; `skipped_random_weights` with a demo model,
   * `skipped_small_model` with a model under 1B parameters (its rubric was degenerate on every measured call).
   */
  llm: LlmLayerState.optional(),
})
export type ScoreResponse = z.infer<typeof ScoreResponse>
