import { rankOf } from '../scoring/frequency-bands.js'
import { editDistance } from './edit-distance.js'
import { isOffensive } from './offensive-words.js'

/**
 * Harper's spelling candidates, cleaned for a learner: never an offensive word, never a word split in two unless
 * both halves are common words ("alot" → "a lot" yes, "informations" → "in formations" no), and ordered by
 * closeness first, then by how common the word is ("Amrican": "American" before "African").
 */
export function rankSpellingSuggestions(word: string, suggestions: string[]): string[] {
  const lower = word.toLowerCase()
  const kept = suggestions.filter((s) => !isOffensive(s) && !isRareSplit(word, s))
  const key = (s: string) => ({
    distance: editDistance(lower, s.toLowerCase()),
    rank: rankOf(s) ?? Number.MAX_SAFE_INTEGER,
  })
  return kept
    .map((s, order) => ({ s, order, ...key(s) }))
    .sort((a, b) => a.distance - b.distance || a.rank - b.rank || a.order - b.order)
    .map((c) => c.s)
}

function isRareSplit(word: string, suggestion: string): boolean {
  if (!suggestion.includes(' ') || word.includes(' ')) return false
  return suggestion.split(' ').some((part) => rankOf(part) === undefined)
}

/**
 * A capitalised word inside a sentence is usually a name and left alone, but "Eruope", "Japen" or "Amrican" are
 * misspelt common names: accept the correction when it is one edit away from a common word (one of the 5,000 most
 * frequent, which holds Europe, Japan and American but not most people's names) and the word is not short.
 */
export function isMisspeltCommonName(word: string, best: string | undefined): boolean {
  if (best === undefined || word.length < 5 || best.includes(' ')) return false
  return editDistance(word.toLowerCase(), best.toLowerCase()) <= 1 && rankOf(best) !== undefined
}
