import type { SpellingKind } from '../../services/scoring-worker/src/rules/spelling.js'

/**
 * Every kind of spelling finding (src/rules/spelling.ts), for the fits that switch them all on. Kept here rather than
 * in src/rules: a change there changes the rules hash, which relints every level and aspect item.
 */
export const ALL_SPELLING_KINDS = [
  'listed-case',
  'listed-singular',
  'listed-other',
  'name-near-common',
  'capitalised',
  'hyphenated',
  'short',
  'non-ascii',
  'unlisted',
  'unlisted-far',
] as const satisfies readonly SpellingKind[]

// Fails to compile when spelling.ts gains a kind this list lacks.
type Missing = Exclude<SpellingKind, (typeof ALL_SPELLING_KINDS)[number]>
const _complete: [Missing] extends [never] ? true : never = true
void _complete
