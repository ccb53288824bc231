import type { FeedbackIssue } from '@parley/core'

/** The learner's text with each issue's first suggestion applied; issues must not overlap. */
export function applySuggestions(text: string, issues: FeedbackIssue[]): string {
  let out = text
  const fromTheEnd = [...issues].sort((a, b) => b.start - a.start)
  for (const issue of fromTheEnd) {
    const replacement = issue.suggestions[0]
    if (replacement === undefined) continue
    out = out.slice(0, issue.start) + replacement + out.slice(issue.end)
  }
  return out
}
