import type { IssueCategory } from '@parley/core'
import { isEnglishWord } from '../rules/spelling.js'
import { WORD_LEVEL_BINS } from './calibration.js'
import { measureComplexity } from './complexity.js'
import { band } from './frequency-bands.js'
import { mtld } from './lexical-diversity.js'
import { measureMechanics } from './mechanics.js'
import { type PartOfSpeechShares, partOfSpeechShares } from './parts-of-speech.js'
import { isLikelyProperNoun, normalise, sentences as splitSentences, words } from './text-stats.js'
import { type WordLevelBin, wordLevelShares } from './word-levels.js'

/** The measured signals behind the nine scores; docs/scoring.md gives each one's definition. */
export type Signals = {
  learnerTurns: number
  learnerWords: number
  /** Median words per learner turn: how much the learner writes at a time, robust to one pasted wall of text. */
  medianWordsPerTurn: number
  sentences: number
  errorsPer100Words: number
  grammarErrorsPer100Words: number
  spellingErrorsPer100Words: number
  punctuationErrorsPer100Words: number
  wordChoiceErrorsPer100Words: number
  lexicalDiversityMtld: number
  /** Share of words (names excluded) missing from a 275,000-word English list: misspellings the rules may not flag. */
  unknownWordShare: number
  k1Share: number
  k2Share: number
  k3to5Share: number
  offListShare: number
  advancedWordShare: number
  /** Expected share of words at CEFR B1 or above, and B2 or above (fitted word-level table, word-levels.ts). */
  atLeastB1WordShare: number
  atLeastB2WordShare: number
  /** Mean letters per word (names excluded). */
  meanWordLetters: number
  meanSentenceLength: number
  /** Standard deviation of the words per sentence ÷ their mean. */
  sentenceLengthVariation: number
  commasPerSentence: number
  complexSentenceShare: number
  connectivesPerSentence: number
  capitalisedSentenceShare: number
  terminalPunctuationShare: number
  lowercaseIShare: number
  shoutingShare: number
  repeatedPunctuationPerSentence: number
  /** Learner replies that follow a tutor turn; with none, responsiveness has no evidence and scores a neutral 50. */
  replyPairs: number
  responsivenessSimilarity: number
  /** 1 when responsiveness came from embeddings, 0 when from the lexical-overlap fallback. */
  responsivenessFromEmbeddings: number
  /** Embedding cosine of each reply to its own tutor turn minus to the other tutor turns (0 without embeddings). */
  responsivenessContrast: number
  /** Mean Jaccard overlap of content words between each reply and its tutor turn. */
  lexicalOverlap: number
  /** Tutor turns that ask a question and get a learner reply. */
  questionsAsked: number
  answeredQuestionShare: number
  /** Share of replies asking the tutor to repeat or explain ("sorry?", "what do you mean?"). */
  clarificationShare: number
} & PartOfSpeechShares

export type IssueCounts = Record<IssueCategory, number>

export type Responsiveness = {
  pairs: number
  similarity: number
  fromEmbeddings: boolean
  answeredQuestionShare: number
  contrast?: number
  lexicalOverlap?: number
  questionsAsked?: number
  clarificationShare?: number
}

/** Everything measurable in the learner's turns, with no LLM involved. */
export function measureSignals(
  learnerTurns: string[],
  issues: IssueCounts,
  responsiveness: Responsiveness,
  wordLevels: readonly WordLevelBin[] = WORD_LEVEL_BINS,
): Signals {
  const sentenceList = learnerTurns.flatMap(splitSentences)
  const tokens = learnerTurns.flatMap(words)
  const per100 = (n: number) => (tokens.length === 0 ? 0 : (100 * n) / tokens.length)
  const bands = { k1: 0, k2: 0, k3to5: 0, offList: 0 }
  const common: string[] = []
  let unknown = 0
  for (const sentence of sentenceList) {
    words(sentence).forEach((word, i) => {
      if (isLikelyProperNoun(word, i)) return
      bands[band(word)]++
      common.push(word)
      // A contraction is known by its first part (don't → don).
      if (!isEnglishWord(normalise(word).split("'")[0]!)) unknown++
    })
  }
  const counted = common.length
  const levels = wordLevelShares(common, wordLevels)
  const share = (n: number) => (counted === 0 ? 0 : n / counted)
  // Misspelt words land off the list; they are not advanced vocabulary.
  const advanced = Math.max(0, bands.k3to5 + bands.offList - issues.spelling)
  const complexity = measureComplexity(sentenceList)
  const mechanics = measureMechanics(sentenceList)
  const totalIssues = Object.values(issues).reduce((a, b) => a + b, 0)
  return {
    learnerTurns: learnerTurns.length,
    learnerWords: tokens.length,
    medianWordsPerTurn: median(learnerTurns.map((t) => words(t).length)),
    sentences: sentenceList.length,
    errorsPer100Words: per100(totalIssues),
    grammarErrorsPer100Words: per100(issues.grammar),
    spellingErrorsPer100Words: per100(issues.spelling),
    punctuationErrorsPer100Words: per100(issues.punctuation),
    wordChoiceErrorsPer100Words: per100(issues['word-choice']),
    lexicalDiversityMtld: mtld(tokens.map(normalise)),
    unknownWordShare: share(unknown),
    k1Share: share(bands.k1),
    k2Share: share(bands.k2),
    k3to5Share: share(bands.k3to5),
    offListShare: share(bands.offList),
    advancedWordShare: share(advanced),
    atLeastB1WordShare: levels.atLeastB1Share,
    atLeastB2WordShare: levels.atLeastB2Share,
    meanWordLetters: counted === 0 ? 0 : common.reduce((n, w) => n + w.length, 0) / counted,
    ...complexity,
    ...mechanics,
    ...partOfSpeechShares(learnerTurns),
    replyPairs: responsiveness.pairs,
    responsivenessSimilarity: responsiveness.similarity,
    responsivenessFromEmbeddings: responsiveness.fromEmbeddings ? 1 : 0,
    responsivenessContrast: responsiveness.contrast ?? 0,
    lexicalOverlap: responsiveness.lexicalOverlap ?? 0,
    questionsAsked: responsiveness.questionsAsked ?? 0,
    answeredQuestionShare: responsiveness.answeredQuestionShare,
    clarificationShare: responsiveness.clarificationShare ?? 0,
  }
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
