import type { IssueCategory } from '@parley/core'

/** Why an issue was raised; picks the explanation template. Finer than the six public categories. */
export type IssueReason =
  | 'agreement'
  | 'verb-form'
  | 'grammar'
  | 'word-order'
  | 'repetition'
  | 'redundancy'
  | 'spelling'
  | 'split-word'
  | 'capitalization'
  | 'punctuation'
  | 'word-choice'
  | 'register'
  | 'style'
  | 'article'
  | 'tense'
  | 'naturalness'
  | 'be-with-verb'
  | 'indirect-object'
  | 'age'
  | 'ed-ing'
  | 'preposition'
  | 'past-time'
  | 'plural'
  | 'for-since'
  | 'uncountable'

type KindPolicy = {
  category: IssueCategory
  reason: IssueReason
  /** Kept only when Harper offers a replacement: its suggestion-less hints in these kinds are mostly noise. */
  needsSuggestion?: boolean
}

/**
 * Harper lint kinds that reach the learner, and how each is presented. Kinds not listed are dropped for precision:
 * Formatting (double spaces), Readability and Enhancement (advice, not errors) and Regionalism (US vs UK wording)
 * flag text that a teacher would leave alone.
 */
const POLICIES: Record<string, KindPolicy> = {
  Agreement: { category: 'grammar', reason: 'agreement' },
  Grammar: { category: 'grammar', reason: 'grammar' },
  WordOrder: { category: 'grammar', reason: 'word-order' },
  Redundancy: { category: 'grammar', reason: 'redundancy' },
  Repetition: { category: 'grammar', reason: 'repetition' },
  Miscellaneous: { category: 'grammar', reason: 'grammar', needsSuggestion: true },
  Spelling: { category: 'spelling', reason: 'spelling', needsSuggestion: true },
  Typo: { category: 'spelling', reason: 'spelling' },
  BoundaryError: { category: 'spelling', reason: 'split-word' },
  Capitalization: { category: 'punctuation', reason: 'capitalization' },
  Punctuation: { category: 'punctuation', reason: 'punctuation' },
  WordChoice: { category: 'word-choice', reason: 'word-choice' },
  Usage: { category: 'word-choice', reason: 'word-choice' },
  Eggcorn: { category: 'word-choice', reason: 'word-choice' },
  Malapropism: { category: 'word-choice', reason: 'word-choice' },
  Nonstandard: { category: 'register', reason: 'register' },
  Style: { category: 'style', reason: 'style', needsSuggestion: true },
}

export function policyFor(kind: string): KindPolicy | undefined {
  return POLICIES[kind]
}

/**
 * Harper rules switched off: OkToOkay corrects a choice that is fine in a chat ("OK" → "okay"); LongSentences
 * marks a whole sentence over 40 words, which hides every other finding in it (overlaps keep the longest).
 */
export const DISABLED_RULES = ['OkToOkay', 'LongSentences'] as const

/** Chat words a learner may rightly use; added to Harper's dictionary so they are not flagged as misspelt. */
export const CHAT_WORDS = [
  'lol',
  'lmao',
  'haha',
  'hahaha',
  'hehe',
  'btw',
  'omg',
  'idk',
  'imo',
  'imho',
  'tbh',
  'thx',
  'pls',
  'plz',
  'ok',
  'okay',
  'yeah',
  'yep',
  'nope',
  'hmm',
  'hmmm',
  'wow',
  'brb',
  'gonna',
  'wanna',
  'gotta',
  'emoji',
  'emojis',
]
