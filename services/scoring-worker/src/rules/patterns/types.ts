import type { IssueCategory } from '@parley/core'
import type { IssueReason } from '../lint-kinds.js'

/**
 * How a pattern rule corrects the words it captured (the `[...]` group of its match):
 * - `to`: a replacement template; `$1`…`$9` are the captured words, `$2-` the words from the second on, and
 *   `$1:past`, `:participle`, `:third` (third person -s), `:base`, `:plural` inflect one (via compromise);
 * - `insertBefore` / `insertAfter`: add words next to the captured ones;
 * - `delete`: remove the captured words.
 */
export type PatternFix = { to: string } | { insertBefore: string } | { insertAfter: string } | { delete: true }

/** A learner-error pattern, kept as data: a compromise match, a fix, and examples that the tests run. */
export type PatternRule = {
  id: string
  /** compromise match syntax with exactly one `[...]` group: the words the fix applies to. */
  match: string
  fix: PatternFix
  category: IssueCategory
  reason: IssueReason
  /** The rule does not apply when the word just before the group is one of these (lower-case). */
  unlessBefore?: string[]
  /** The rule applies only when the word after the group is one of these ('' = end of sentence or punctuation). */
  onlyIfNext?: string[]
  /** The rule does not apply when the word after the group is one of these. */
  unlessNext?: string[]
  /** The rule does not apply when a captured word carries one of these compromise tags (e.g. Adjective). */
  unlessTags?: string[]
  /** The rule does not apply when the word after the group carries one of these tags (e.g. Noun: a compound). */
  unlessNextTags?: string[]
  /** The rule applies only when every captured word matches this regular expression (case-insensitive). */
  wordsMatch?: string
  /** Sentences the rule must correct (`[text, corrected]`) and sentences it must leave alone. */
  examples: { wrong: [string, string][]; right: string[] }
}
