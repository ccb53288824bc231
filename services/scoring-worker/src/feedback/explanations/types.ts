import type { IssueReason } from '../../rules/lint-kinds.js'

/** One language's wording: a label naming the problem (with the English term kept) and a one-line hint why. */
export type ExplanationTable = { labels: Record<IssueReason, string>; hints: Record<IssueReason, string> }
