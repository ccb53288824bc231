import { z } from 'zod'
import { MAX_MESSAGE_CHARS } from './chat.js'
import { Learner } from './learner.js'

export const ISSUE_CATEGORIES = ['grammar', 'spelling', 'word-choice', 'punctuation', 'style', 'register'] as const
export const IssueCategory = z.enum(ISSUE_CATEGORIES)
export type IssueCategory = z.infer<typeof IssueCategory>

/** POST /feedback: one learner message, the tutor message it answers, and who wrote it. */
export const FeedbackRequest = z.object({
  text: z.string().min(1).max(MAX_MESSAGE_CHARS),
  context: z.string().max(MAX_MESSAGE_CHARS).optional(),
  learner: Learner,
  /** `rules`: the rules layer alone, in milliseconds (the turn endpoint shows it at once); default both layers. */
  layer: z.enum(['rules', 'all']).optional(),
})
export type FeedbackRequest = z.infer<typeof FeedbackRequest>

/**
 * What kind of edit an issue asks for (optional, additive: old clients read only `start`/`end`/`suggestions`, which
 * stay right for every kind). `replace`: `suggestions[0]` replaces the span. `insert`: add `text` at offset `at`; the
 * span is the neighbouring word (so there is something to highlight) and `suggestions[0]` is that word with the
 * insertion. `delete`: remove the span (which includes one adjacent space); `suggestions[0]` is ''.
 */
export const IssueChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('replace') }),
  z.object({ kind: z.literal('insert'), at: z.number().int().nonnegative(), text: z.string().min(1) }),
  z.object({ kind: z.literal('delete') }),
])
export type IssueChange = z.infer<typeof IssueChange>

/** One problem in the learner's text; `start`/`end` are JavaScript string offsets into `text` (end exclusive). */
export const FeedbackIssue = z
  .object({
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    original: z.string(),
    suggestions: z.array(z.string()),
    category: IssueCategory,
    /** Written in the learner's native language, keeping English grammar terms. */
    explanation: z.string(),
    source: z.enum(['rules', 'llm']),
    change: IssueChange.optional(),
  })
  .refine((i) => i.end >= i.start, { message: 'end must not be before start', path: ['end'] })
export type FeedbackIssue = z.infer<typeof FeedbackIssue>

/**
 * What the LLM layer contributed: `used`; `failed` (it failed or answered badly: `degraded`); `skipped_random_weights`
 * (the model is a random-weight demo model, so it was not asked: rules and measured signals only, at once);
 * `skipped_small_model` (under 1B parameters, whose answers to this task were degenerate every time measured: not
 * asked); `off` (switched off, or not asked for).
 */
export const LlmLayerState = z.enum(['used', 'failed', 'skipped_random_weights', 'skipped_small_model', 'off'])
export type LlmLayerState = z.infer<typeof LlmLayerState>

export const BetterWord = z.object({ original: z.string(), better: z.string(), why: z.string() })
export type BetterWord = z.infer<typeof BetterWord>

export const FeedbackResponse = z.object({
  issues: z.array(FeedbackIssue),
  betterWords: z.array(BetterWord),
  tips: z.array(z.string()),
  corrected: z.string(),
  /** True when the LLM layer failed or answered badly, so only the rules layer's findings are here. */
  degraded: z.boolean().optional(),
  llm: LlmLayerState.optional(),
})
export type FeedbackResponse = z.infer<typeof FeedbackResponse>
