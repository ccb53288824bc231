import type { BetterWord, FeedbackIssue, FeedbackRequest, IssueCategory, Logger } from '@parley/core'
import type { Ollama } from 'ollama'
import { chatJson } from '../llm/json-chat.js'
import { feedbackSystemPrompt, feedbackUserPrompt, LlmFeedback } from '../prompts/feedback-prompt.js'
import { editDistance } from '../rules/edit-distance.js'
import type { RuleFinding } from '../rules/harper-linter.js'
import type { IssueReason } from '../rules/lint-kinds.js'
import type { Span } from '../rules/offsets.js'
import { anchor } from './anchor.js'
import { explain } from './explanations/index.js'
import { readsAsProse } from './prose.js'

/**
 * Which of the model's issues are shown. Measured on real weights (bench/quality, docs/scoring.md): `all` lowers
 * precision below the rules layer alone with SmolLM2 and Gemma 270M, so the default is `none` — the model only adds
 * better words and tips. `small-edit` keeps one-word edits within two letters (inflections, typos).
 */
export const LLM_POLICIES = ['none', 'small-edit', 'all'] as const
export type LlmPolicy = (typeof LLM_POLICIES)[number]
export const DEFAULT_LLM_POLICY: LlmPolicy = 'none'

export type LlmLayerDeps = { ollama: Ollama; model: string; maxTokens: number; log: Logger; policy?: LlmPolicy }

export type LlmLayerResult = { issues: FeedbackIssue[]; betterWords: BetterWord[]; tips: string[] }

/** The template used when the model's explanation is empty; `style` from the model means naturalness. */
const REASON_OF: Record<IssueCategory, IssueReason> = {
  grammar: 'grammar',
  spelling: 'spelling',
  'word-choice': 'word-choice',
  punctuation: 'punctuation',
  style: 'naturalness',
  register: 'register',
}

/**
 * Asks the model for what rules miss (schema-constrained JSON, validated), then places its findings on the text.
 * Throws `LlmLayerError` when the model is unreachable or answers out of shape.
 */
export async function llmLayer(
  req: FeedbackRequest,
  rules: RuleFinding[],
  seed: number,
  deps: LlmLayerDeps,
): Promise<LlmLayerResult> {
  const reply = await askModel(req, rules, seed, deps)
  return placeFindings(req.text, reply, rules, req.learner.nativeLanguage, deps.policy ?? DEFAULT_LLM_POLICY)
}

/** The model's raw (validated) answer; throws `LlmLayerError` when it is unreachable or answers out of shape. */
export function askModel(
  req: FeedbackRequest,
  rules: RuleFinding[],
  seed: number,
  deps: LlmLayerDeps,
): Promise<LlmFeedback> {
  return chatJson(
    deps.ollama,
    LlmFeedback,
    {
      model: deps.model,
      system: feedbackSystemPrompt(req.learner.nativeLanguage),
      user: feedbackUserPrompt(req, rules),
      seed,
      maxTokens: deps.maxTokens,
    },
    deps.log,
  )
}

/**
 * Keeps the model's findings that can be placed on the text: each quote is re-anchored by searching, and anything
 * overlapping a rules finding (exact) or an earlier LLM finding is dropped, as are no-op suggestions and text that
 * does not read as prose (an unreadable explanation falls back to the template).
 */
export function placeFindings(
  text: string,
  reply: LlmFeedback,
  rules: Span[],
  nativeLanguage: string,
  policy: LlmPolicy = DEFAULT_LLM_POLICY,
): LlmLayerResult {
  const taken: Span[] = rules.map(({ start, end }) => ({ start, end }))
  const issues: FeedbackIssue[] = []
  for (const item of policy === 'none' ? [] : reply.issues) {
    const suggestion = item.suggestion.trim()
    if (squash(suggestion) === squash(item.original)) continue
    if (policy === 'small-edit' && !isSmallEdit(item.original.trim(), suggestion)) continue
    const span = anchor(text, item.original, taken)
    if (!span) continue
    taken.push(span)
    const original = text.slice(span.start, span.end)
    const given = item.explanation.trim()
    const explanation = readsAsProse(given)
      ? given
      : explain(nativeLanguage, REASON_OF[item.category], original, suggestion)
    issues.push({
      ...span,
      original,
      suggestions: [suggestion],
      category: item.category,
      explanation,
      source: 'llm',
      change: { kind: 'replace' },
    })
  }
  const betterWords = reply.betterWords.filter(
    (w) => w.original.trim() !== w.better.trim() && readsAsProse(w.better) && (!w.why.trim() || readsAsProse(w.why)),
  )
  return { issues, betterWords, tips: reply.tips.map((t) => t.trim()).filter(readsAsProse) }
}

/** Text without case and spacing differences: a suggestion equal to its original in this form changes nothing. */
const squash = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase()

/** One word for one word, at most two letters apart ("go" → "went" is not; "buyed" → "bought" is not either). */
function isSmallEdit(original: string, suggestion: string): boolean {
  if (/\s/.test(original) || /\s/.test(suggestion)) return false
  return editDistance(original.toLowerCase(), suggestion.toLowerCase()) <= 2
}
