import type { BetterWord, FeedbackIssue } from '@parley/core'
import { LEARNED_EDIT_RULE, type RuleFinding } from '../rules/harper-linter.js'
import { explain, hint } from './explanations/index.js'

/** A rules finding as the learner sees it, explained in their language. */
export function ruleIssue(finding: RuleFinding, nativeLanguage: string): FeedbackIssue {
  return {
    start: finding.start,
    end: finding.end,
    original: finding.original,
    suggestions: finding.suggestions,
    category: finding.category,
    explanation: explain(
      nativeLanguage,
      finding.reason,
      finding.original,
      finding.suggestions[0],
      finding.change,
      harperDetail(finding),
    ),
    source: 'rules',
    change: finding.change,
  }
}

/** Harper's message when it names the words and the fix ("Insert `to` to complete the infinitive"); not for spelling. */
function harperDetail(finding: RuleFinding): string | undefined {
  if (finding.rule === finding.message || finding.rule === LEARNED_EDIT_RULE || finding.category === 'spelling')
    return undefined
  const message = finding.message.replace(/`([^`]*)`/g, '“$1”').trim()
  return /^[A-Z].{10,}[.!?)]$/.test(message) ? message : undefined
}

/** Word-choice findings double as "better words". */
export function ruleBetterWords(findings: RuleFinding[], nativeLanguage: string): BetterWord[] {
  return findings
    .filter((f) => f.category === 'word-choice' && f.suggestions[0] !== undefined)
    .map((f) => ({ original: f.original, better: f.suggestions[0]!, why: hint(nativeLanguage, f.reason) }))
}

/** One tip per kind of problem found, most frequent first, at most `max`. */
export function ruleTips(findings: RuleFinding[], nativeLanguage: string, max = 2): string[] {
  const counts = new Map<RuleFinding['reason'], number>()
  for (const f of findings) counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1)
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([reason]) => hint(nativeLanguage, reason))
}
