import type { BetterWord, FeedbackIssue, FeedbackRequest, IssueCategory, Logger } from '@parley/core'
import type { Ollama } from 'ollama'
import { chatJson } from '../llm/json-chat.js'
import { feedbackSystemPrompt, feedbackUserPrompt, LlmFeedback } from '../prompts/feedback-prompt.js'
import type { RuleFinding } from '../rules/harper-linter.js'
import type { IssueReason } from '../rules/lint-kinds.js'
import type { Span } from '../rules/offsets.js'
import { anchor } from './anchor.js'
import { explain } from './explanations/index.js'
import { readsAsProse } from './prose.js'

export type LlmLayerDeps = { ollama: Ollama; model: string; maxTokens: number; log: Logger }

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
  const reply = await chatJson(
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
  return placeFindings(req.text, reply, rules, req.learner.nativeLanguage)
}

/**
 * Keeps the model's findings that can be placed on the text: each quote is re-anchored by searching, and anything
 * overlapping a rules finding (exact) or an earlier LLM finding is dropped, as are no-op suggestions and text that
 * does not read as prose (an unreadable explanation falls back to the template).
 */
export function placeFindings(text: string, reply: LlmFeedback, rules: Span[], nativeLanguage: string): LlmLayerResult {
  const taken: Span[] = rules.map(({ start, end }) => ({ start, end }))
  const issues: FeedbackIssue[] = []
  for (const item of reply.issues) {
    const suggestion = item.suggestion.trim()
    if (suggestion === item.original.trim()) continue
    const span = anchor(text, item.original, taken)
    if (!span) continue
    taken.push(span)
    const original = text.slice(span.start, span.end)
    const given = item.explanation.trim()
    const explanation = readsAsProse(given)
      ? given
      : explain(nativeLanguage, REASON_OF[item.category], original, suggestion)
    issues.push({ ...span, original, suggestions: [suggestion], category: item.category, explanation, source: 'llm' })
  }
  const betterWords = reply.betterWords.filter(
    (w) => w.original.trim() !== w.better.trim() && readsAsProse(w.better) && (!w.why.trim() || readsAsProse(w.why)),
  )
  return { issues, betterWords, tips: reply.tips.map((t) => t.trim()).filter(readsAsProse) }
}
