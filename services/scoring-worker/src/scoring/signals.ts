import type { IssueCategory } from '@parley/core'
import { measureComplexity } from './complexity.js'
import { band } from './frequency-bands.js'
import { mtld } from './lexical-diversity.js'
import { measureMechanics } from './mechanics.js'
import { isLikelyProperNoun, normalise, sentences as splitSentences, words } from './text-stats.js'

/** The measured signals behind the nine scores; docs/scoring.md gives each one's definition. */
export type Signals = {
  learnerTurns: number
  learnerWords: number
  sentences: number
  errorsPer100Words: number
  grammarErrorsPer100Words: number
  spellingErrorsPer100Words: number
  punctuationErrorsPer100Words: number
  wordChoiceErrorsPer100Words: number
  lexicalDiversityMtld: number
  k1Share: number
  k2Share: number
  k3to5Share: number
  offListShare: number
  advancedWordShare: number
  meanSentenceLength: number
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
  answeredQuestionShare: number
}

export type IssueCounts = Record<IssueCategory, number>

export type Responsiveness = {
  pairs: number
  similarity: number
  fromEmbeddings: boolean
  answeredQuestionShare: number
}

/** Everything measurable in the learner's turns, with no LLM involved. */
export function measureSignals(learnerTurns: string[], issues: IssueCounts, responsiveness: Responsiveness): Signals {
  const sentenceList = learnerTurns.flatMap(splitSentences)
  const tokens = learnerTurns.flatMap(words)
  const per100 = (n: number) => (tokens.length === 0 ? 0 : (100 * n) / tokens.length)
  const bands = { k1: 0, k2: 0, k3to5: 0, offList: 0 }
  let counted = 0
  for (const sentence of sentenceList) {
    words(sentence).forEach((word, i) => {
      if (isLikelyProperNoun(word, i)) return
      bands[band(word)]++
      counted++
    })
  }
  const share = (n: number) => (counted === 0 ? 0 : n / counted)
  // Misspelt words land off the list; they are not advanced vocabulary.
  const advanced = Math.max(0, bands.k3to5 + bands.offList - issues.spelling)
  const complexity = measureComplexity(sentenceList)
  const mechanics = measureMechanics(sentenceList)
  const totalIssues = Object.values(issues).reduce((a, b) => a + b, 0)
  return {
    learnerTurns: learnerTurns.length,
    learnerWords: tokens.length,
    sentences: sentenceList.length,
    errorsPer100Words: per100(totalIssues),
    grammarErrorsPer100Words: per100(issues.grammar),
    spellingErrorsPer100Words: per100(issues.spelling),
    punctuationErrorsPer100Words: per100(issues.punctuation),
    wordChoiceErrorsPer100Words: per100(issues['word-choice']),
    lexicalDiversityMtld: mtld(tokens.map(normalise)),
    k1Share: share(bands.k1),
    k2Share: share(bands.k2),
    k3to5Share: share(bands.k3to5),
    offListShare: share(bands.offList),
    advancedWordShare: share(advanced),
    ...complexity,
    ...mechanics,
    replyPairs: responsiveness.pairs,
    responsivenessSimilarity: responsiveness.similarity,
    responsivenessFromEmbeddings: responsiveness.fromEmbeddings ? 1 : 0,
    answeredQuestionShare: responsiveness.answeredQuestionShare,
  }
}
