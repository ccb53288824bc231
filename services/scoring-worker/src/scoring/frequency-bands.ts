import { readFileSync } from 'node:fs'
import { normalise } from './text-stats.js'

/** Rank of each of the 5,000 most frequent English words (1 = most frequent), from data/en-frequency.txt. */
const RANKS: ReadonlyMap<string, number> = loadRanks()

function loadRanks(): Map<string, number> {
  const file = readFileSync(new URL('../../data/en-frequency.txt', import.meta.url), 'utf8')
  const list = file.split('\n').filter((line) => line && !line.startsWith('#'))
  return new Map(list.map((word, i) => [word, i + 1]))
}

export type Band = 'k1' | 'k2' | 'k3to5' | 'offList'

/**
 * The frequency band of a word: the first thousand words, the second, the third to fifth, or beyond (rarer words,
 * and misspellings). Contractions are looked up by their first part ("don't" → "don").
 */
export function band(word: string): Band {
  const rank = rankOf(word)
  if (rank === undefined) return 'offList'
  if (rank <= 1000) return 'k1'
  if (rank <= 2000) return 'k2'
  return 'k3to5'
}

/** 1 for the most frequent word; undefined beyond the list. */
export function rankOf(word: string): number | undefined {
  return RANKS.get(normalise(word).split("'")[0]!)
}

export function frequencyListSize(): number {
  return RANKS.size
}
