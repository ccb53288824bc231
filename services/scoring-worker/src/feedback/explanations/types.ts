import type { IssueReason } from '../../rules/lint-kinds.js'

/**
 * One language's wording: a label naming the problem (with the English term kept), a one-line hint why, and how to
 * say an insertion or a removal (`{text}`, `{word}` and `{where}` = `after` or `before` are filled in).
 */
export type ExplanationTable = {
  labels: Record<IssueReason, string>
  hints: Record<IssueReason, string>
  changes: { add: string; after: string; before: string; remove: string }
}
