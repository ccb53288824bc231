import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { rankOf } from '../scoring/frequency-bands.js'
import { SPELLING_FREQUENCY_WEIGHT } from './fitted-rules.js'

const require = createRequire(import.meta.url)

import { editDistance } from './edit-distance.js'
import { isOffensive } from './offensive-words.js'
import { frequencyRank, RANK_BEYOND_LIST } from './word-frequency.js'

/** Common words by length, for the neighbours a misspelling may have that Harper does not offer ("stong" → "strong"). */
const COMMON_BY_LENGTH: ReadonlyMap<number, string[]> = (() => {
  const out = new Map<number, string[]>()
  const file = readFileSync(new URL('../../data/en-frequency.txt', import.meta.url), 'utf8')
  for (const w of file.split('\n').filter((line) => line && !line.startsWith('#')))
    if (w.length >= 3) out.set(w.length, [...(out.get(w.length) ?? []), w])
  return out
})()

/**
 * Harper's spelling candidates, cleaned for a learner: never an offensive word, never a word split in two unless
 * both halves are common words ("alot" → "a lot" yes, "informations" → "in formations" no), a possessive offered
 * for a plural becomes the singular ("infrastructures": "infrastructure's" → "infrastructure"), plus the common
 * words one edit away. Ordered by edit distance plus `weight` × log10(frequency rank among SUBTLEX's 74,000 words,
 * word-frequency.ts) — `weight` fitted on train
 * (SPELLING_FREQUENCY_WEIGHT), so a frequent word one edit further can win ("thses" → "these", not "theses").
 */
export function rankSpellingSuggestions(
  word: string,
  suggestions: string[],
  weight = SPELLING_FREQUENCY_WEIGHT,
): string[] {
  const lower = word.toLowerCase()
  const unPossessive = (s: string) => (!word.includes("'") && /'s$/.test(s) ? s.slice(0, -2) : s)
  const offered = [...new Set([...suggestions.map(unPossessive), ...commonNeighbours(word)])]
  const kept = offered.filter((s) => s.toLowerCase() !== lower && !isOffensive(s) && !isRareSplit(word, s))
  // A split ("a lot") is as frequent as its rarer word.
  const rank = (s: string) => Math.max(...s.split(' ').map((part) => frequencyRank(part) ?? RANK_BEYOND_LIST))
  const score = (s: string) => editDistance(lower, s.toLowerCase()) + weight * Math.log10(rank(s))
  return kept
    .map((s, order) => ({ s, order, score: score(s) }))
    .sort((a, b) => a.score - b.score || a.order - b.order)
    .map((c) => c.s)
}

/** Common words (the frequency list) one edit from `word`, in its case; none for short words. */
function commonNeighbours(word: string): string[] {
  if (word.length < 4 || !/^\p{L}+$/u.test(word)) return []
  const lower = word.toLowerCase()
  const capital = /^\p{Lu}/u.test(word)
  const out: string[] = []
  for (const len of [lower.length - 1, lower.length, lower.length + 1])
    for (const w of COMMON_BY_LENGTH.get(len) ?? [])
      if (editDistance(lower, w) === 1) out.push(capital ? w.charAt(0).toUpperCase() + w.slice(1) : w)
  return out
}

function isRareSplit(word: string, suggestion: string): boolean {
  if (!suggestion.includes(' ') || word.includes(' ')) return false
  return suggestion.split(' ').some((part) => rankOf(part) === undefined)
}

/** About 275,000 English words (an-array-of-english-words, MIT): rare but real words, which Harper does not know. */
const ENGLISH_WORDS: ReadonlySet<string> = new Set(
  JSON.parse(readFileSync(require.resolve('an-array-of-english-words'), 'utf8')) as string[],
)

/** Whether a lower-case word is in the 275,000-word list (an inflection learned from train must give a real word). */
export const isEnglishWord = (lower: string) => ENGLISH_WORDS.has(lower)

/**
 * What kind of spelling finding this is; each kind is kept or dropped by its precision on train
 * (FITTED_SPELLING_KINDS, bench/quality/fit-rules.ts):
 * - `listed-case`, `listed-possessive`, `listed-other`: the word is a real English word ("inulin", "coverages"),
 *   and the best candidate only changes its case, is its singular ("infrastructures"), or is another word;
 * - `name-near-common`: a capitalised word one edit from a common word that is a proper noun ("Eruope" → "Europe":
 *   europe is among the 5,000 most frequent words but not in the word list, which has no names);
 * - `capitalised`: any other capitalised word (a name, also at a sentence start);
 * - `hyphenated`: a word with a hyphen ("non-stop", "inter-personal"): web writers hyphenate prefixes freely;
 * - `short` (three letters or fewer), `non-ascii` ("décor"), `unlisted`: the rest, a word no list knows, whose
 *   best candidate is one edit away ("dignosis" → "diagnosis"); `unlisted-far`: two edits away, where web text
 *   has its coinages and product words ("stompbox" → "soapbox") and learners' guesses are often wrong words.
 */
export type SpellingKind =
  | 'listed-case'
  | 'listed-singular'
  | 'listed-other'
  | 'name-near-common'
  | 'capitalised'
  | 'hyphenated'
  | 'short'
  | 'non-ascii'
  | 'unlisted'
  | 'unlisted-far'

export function spellingKind(word: string, best: string): SpellingKind {
  const lower = word.toLowerCase()
  const bestLower = best.toLowerCase()
  if (word.includes('-')) return 'hyphenated'
  if (/^\p{Lu}/u.test(word)) {
    const near = word.length >= 5 && !best.includes(' ') && editDistance(lower, bestLower) <= 1
    return near && rankOf(best) !== undefined && !ENGLISH_WORDS.has(bestLower) ? 'name-near-common' : 'capitalised'
  }
  if (ENGLISH_WORDS.has(lower)) {
    if (bestLower === lower) return 'listed-case'
    const singular = lower.endsWith('ies') ? `${lower.slice(0, -3)}y` : lower.replace(/e?s$/, '')
    if (bestLower === singular || bestLower === lower.slice(0, -1)) return 'listed-singular'
    return 'listed-other'
  }
  if (/[^ -~]/.test(word)) return 'non-ascii'
  if (word.length <= 3) return 'short'
  return editDistance(lower, bestLower) >= 2 ? 'unlisted-far' : 'unlisted'
}
