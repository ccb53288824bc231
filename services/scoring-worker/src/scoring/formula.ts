import type { ScoreAspect } from '@parley/core'
import type { Signals } from './signals.js'

/** Clamps to 0–100. */
export const clamp = (x: number) => Math.min(100, Math.max(0, x))
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

/** The score of an aspect with no evidence either way. */
const NEUTRAL = 50

/** Weight of the measured score in the final one; the LLM's rubric score gets the rest. See docs/scoring.md. */
export const MEASURED_WEIGHT = 0.6

/** Partial scores, each 0–100, that several aspects share. */
export function components(s: Signals) {
  const accuracy = clamp(100 - 8 * s.errorsPer100Words)
  const diversity = clamp(((s.lexicalDiversityMtld - 10) / 90) * 100)
  const sophistication = clamp((s.advancedWordShare / 0.15) * 100)
  const length = clamp(((s.meanSentenceLength - 2) / 12) * 100)
  const lengthFit =
    s.meanSentenceLength < 6
      ? clamp((s.meanSentenceLength / 6) * 100)
      : clamp(100 - Math.max(0, s.meanSentenceLength - 22) * 5)
  const mechanics = clamp(
    100 * (0.4 * s.capitalisedSentenceShare + 0.4 * s.terminalPunctuationShare + 0.2 * (1 - s.lowercaseIShare)) -
      5 * s.punctuationErrorsPer100Words,
  )
  // Cosine of a reply to its tutor turn: 0.1 or less counts as off-topic, 0.7 or more as fully on-topic.
  // The lexical fallback (Jaccard of content words) runs lower, so it has its own scale.
  const responsiveness =
    s.replyPairs === 0
      ? NEUTRAL
      : s.responsivenessFromEmbeddings
        ? clamp(((s.responsivenessSimilarity - 0.1) / 0.6) * 100)
        : clamp((s.responsivenessSimilarity / 0.3) * 100)
  return { accuracy, diversity, sophistication, length, lengthFit, mechanics, responsiveness }
}

/** The measured score of each aspect, before the LLM's judgement is blended in. */
export function measuredScores(s: Signals): Record<ScoreAspect, number> {
  const c = components(s)
  const eight = {
    written_fluency: 0.4 * c.length + 0.4 * c.accuracy + 0.2 * c.diversity,
    vocabulary: 0.55 * c.diversity + 0.45 * c.sophistication,
    grammar: clamp(100 - 12 * s.grammarErrorsPer100Words - 4 * s.wordChoiceErrorsPer100Words),
    comprehension: 0.7 * c.responsiveness + 0.3 * 100 * s.answeredQuestionShare,
    coherence: 0.5 * clamp((s.complexSentenceShare / 0.5) * 100) + 0.5 * clamp((s.connectivesPerSentence / 0.6) * 100),
    digital_etiquette:
      0.6 * c.mechanics +
      0.2 * 100 * (1 - Math.min(1, 10 * s.shoutingShare)) +
      0.2 * 100 * (1 - Math.min(1, s.repeatedPunctuationPerSentence)),
    responsiveness: c.responsiveness,
    clarity: 0.4 * c.accuracy + 0.3 * c.lengthFit + 0.3 * c.mechanics,
  }
  return { ...eight, overall_communication: mean(Object.values(eight)) }
}

/** Final score: measured and rubric blended, or measured alone when the rubric is unavailable; whole numbers. */
export function blend(measured: number, rubric: number | undefined): number {
  return Math.round(rubric === undefined ? measured : MEASURED_WEIGHT * measured + (1 - MEASURED_WEIGHT) * rubric)
}
