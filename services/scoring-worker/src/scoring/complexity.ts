import { normalise, words } from './text-stats.js'

/** Words that open a subordinate or relative clause. */
export const SUBORDINATORS = new Set([
  'because',
  'although',
  'though',
  'while',
  'whereas',
  'if',
  'unless',
  'when',
  'whenever',
  'since',
  'until',
  'after',
  'before',
  'which',
  'who',
  'whom',
  'whose',
  'that',
  'where',
  'whether',
  'once',
])

/** Linking words that tie ideas together across and within sentences. */
export const CONNECTIVES = new Set([
  'and',
  'but',
  'so',
  'because',
  'however',
  'therefore',
  'also',
  'then',
  'first',
  'finally',
  'although',
  'moreover',
  'besides',
  'instead',
  'actually',
  'anyway',
  'otherwise',
  'meanwhile',
  'furthermore',
  'overall',
  'example',
  'especially',
  'still',
  'though',
  'while',
])

export type Complexity = {
  meanSentenceLength: number
  /** Standard deviation of the words per sentence over their mean: variety of sentence length (0 for one sentence). */
  sentenceLengthVariation: number
  /** Commas per sentence: phrases and clauses set off inside a sentence. */
  commasPerSentence: number
  /** Share of sentences with at least one subordinate or relative clause marker. */
  complexSentenceShare: number
  connectivesPerSentence: number
}

export function measureComplexity(sentences: string[]): Complexity {
  if (sentences.length === 0)
    return {
      meanSentenceLength: 0,
      sentenceLengthVariation: 0,
      commasPerSentence: 0,
      complexSentenceShare: 0,
      connectivesPerSentence: 0,
    }
  const tokenised = sentences.map((s) => words(s).map(normalise))
  const total = tokenised.reduce((n, t) => n + t.length, 0)
  const meanLength = total / sentences.length
  const sd = Math.sqrt(tokenised.reduce((n, t) => n + (t.length - meanLength) ** 2, 0) / sentences.length)
  const commas = sentences.reduce((n, s) => n + (s.match(/[,，]/g)?.length ?? 0), 0)
  const complex = tokenised.filter((t) => t.some((w) => SUBORDINATORS.has(w))).length
  const connectives = tokenised.reduce((n, t) => n + t.filter((w) => CONNECTIVES.has(w)).length, 0)
  return {
    meanSentenceLength: meanLength,
    sentenceLengthVariation: meanLength === 0 ? 0 : sd / meanLength,
    commasPerSentence: commas / sentences.length,
    complexSentenceShare: complex / sentences.length,
    connectivesPerSentence: connectives / sentences.length,
  }
}
