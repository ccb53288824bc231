import { rankOf } from './frequency-bands.js'

/**
 * Expected CEFR level of a word from what the shipped frequency list knows about it. The CEFR-J word list itself
 * cannot ship (licence and "do not copy the data"), so the calibration file keeps only a fitted table: for each
 * frequency-rank bin (and, beyond the list, each word-length bin), the share of CEFR-J headwords in that bin at B1 or
 * above and at B2 or above.
 */
export type WordLevelBin = { bin: string; atLeastB1: number; atLeastB2: number }

/** The bin of a word: its frequency rank range, or for words beyond the 5,000 on the list, its length. */
export function wordLevelBin(word: string): string {
  const rank = rankOf(word)
  if (rank !== undefined) {
    for (const edge of RANK_EDGES) if (rank <= edge) return `rank≤${edge}`
  }
  const letters = word.length
  if (letters <= 5) return 'off≤5'
  if (letters <= 7) return 'off≤7'
  if (letters <= 9) return 'off≤9'
  return 'off≥10'
}

export const RANK_EDGES = [250, 500, 1000, 1500, 2000, 3000, 4000, 5000] as const
export const WORD_LEVEL_BIN_NAMES = [
  ...RANK_EDGES.map((e) => `rank≤${e}`),
  'off≤5',
  'off≤7',
  'off≤9',
  'off≥10',
] as const

/** Mean share of the words at B1+ and at B2+ according to `table` (words whose bin it lacks count as 0). */
export function wordLevelShares(
  tokens: string[],
  table: readonly WordLevelBin[],
): { atLeastB1Share: number; atLeastB2Share: number } {
  if (tokens.length === 0) return { atLeastB1Share: 0, atLeastB2Share: 0 }
  const byBin = new Map(table.map((b) => [b.bin, b]))
  let b1 = 0
  let b2 = 0
  for (const token of tokens) {
    const entry = byBin.get(wordLevelBin(token))
    b1 += entry?.atLeastB1 ?? 0
    b2 += entry?.atLeastB2 ?? 0
  }
  return { atLeastB1Share: b1 / tokens.length, atLeastB2Share: b2 / tokens.length }
}
