import type { FeedbackRequest, FeedbackResponse, Logger } from '@parley/core'
import { LlmLayerError } from '../llm/json-chat.js'
import type { RulesLinter } from '../rules/harper-linter.js'
import { applySuggestions } from './corrected.js'
import { type LlmLayerDeps, type LlmLayerResult, llmLayer } from './llm-layer.js'
import { ruleBetterWords, ruleIssue, ruleTips } from './rules-layer.js'

export type FeedbackDeps = {
  rules: RulesLinter
  /** Absent when the LLM layer is switched off (rules only, as in the benchmark's baseline). */
  llm?: LlmLayerDeps
  /** The model has random weights: the LLM layer is not asked at all (and the answer says so). */
  randomWeights?: boolean
  log: Logger
  onLlmFallback?: (reason: LlmLayerError['reason']) => void
}

/**
 * Rules first (exact spans), then the LLM layer for what rules miss. If the LLM fails or answers badly, the answer
 * is the rules-only result with `degraded: true`; it never turns into a 500. With a random-weight model the LLM is
 * not asked (`llm: 'skipped_random_weights'`): the rules answer comes at once.
 */
export async function giveFeedback(req: FeedbackRequest, seed: number, deps: FeedbackDeps): Promise<FeedbackResponse> {
  const lang = req.learner.nativeLanguage
  const findings = await deps.rules.lint(req.text)
  const issues = findings.map((f) => ruleIssue(f, lang))
  let llm: LlmLayerResult | undefined
  let degraded = false
  const useLlm = deps.llm && !deps.randomWeights
  if (useLlm) {
    try {
      llm = await llmLayer(req, findings, seed, deps.llm!)
    } catch (err) {
      if (!(err instanceof LlmLayerError)) throw err
      degraded = true
      deps.onLlmFallback?.(err.reason)
      deps.log.warn({ reason: err.reason, err: err.message }, 'feedback LLM layer failed; answering rules only')
    }
  }
  const merged = [...issues, ...(llm?.issues ?? [])].sort((a, b) => a.start - b.start)
  return {
    issues: merged,
    betterWords: dedupeBy([...ruleBetterWords(findings, lang), ...(llm?.betterWords ?? [])], (w) =>
      w.original.toLowerCase(),
    ),
    tips: dedupeBy([...(llm?.tips ?? []), ...ruleTips(findings, lang)], (t) => t).slice(0, 3),
    corrected: applySuggestions(req.text, merged),
    degraded,
    llm: useLlm ? (degraded ? 'failed' : 'used') : deps.llm ? 'skipped_random_weights' : 'off',
  }
}

function dedupeBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>()
  return items.filter((item) => {
    const k = key(item)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
