import type { ScoreAspect } from '@parley/core'
import { ASPECT_EVIDENCE_WORDS, ASPECT_MODELS, ELLIPSE_FEATURE_MEANS, FEATURE_SCALE } from './calibration.js'
import { FEATURE_NAMES, type FeatureName, featureValues, linearTerms } from './features.js'
import type { Signals } from './signals.js'

/** Clamps to 0–100. */
export const clamp = (x: number) => Math.min(100, Math.max(0, x))
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

/** The score of an aspect with no evidence either way. */
const NEUTRAL = 50

/** Which ELLIPSE rating each calibrated aspect is fitted to (docs/scoring.md). */
export const ELLIPSE_DIMENSION = {
  grammar: 'grammar',
  vocabulary: 'vocabulary',
  coherence: 'cohesion',
  clarity: 'syntax',
  written_fluency: 'phraseology',
  digital_etiquette: 'conventions',
} as const satisfies Partial<Record<ScoreAspect, keyof typeof ASPECT_MODELS>>
export type CalibratedAspect = keyof typeof ELLIPSE_DIMENSION

/** An ELLIPSE rating (1–5) on Parley's 0–100 scale: 1 → 0, 3 → 50, 5 → 100. */
export const ellipseToScore = (rating: number) => clamp(((rating - 1) / 4) * 100)

/** The fitted model's 0–100 score for a calibrated aspect, and each feature's share of it (in points). */
export function calibratedScore(
  aspect: CalibratedAspect,
  features: Record<FeatureName, number>,
): { score: number; terms: Partial<Record<FeatureName, number>> } {
  const { value, terms } = linearTerms(ASPECT_MODELS[ELLIPSE_DIMENSION[aspect]], features, FEATURE_SCALE)
  return {
    score: ellipseToScore(value),
    terms: Object.fromEntries(Object.entries(terms).map(([n, t]) => [n, (t / 4) * 100])),
  }
}

/**
 * Relevance of the replies to the tutor turns before them, 0–100. With real embeddings and two replies or more:
 * 50 + the contrast (own tutor turn vs the others) scaled so that 0.1 gives 100. Otherwise word overlap, which
 * misses on-topic answers in other words, so no overlap is a weak 40, not 0.
 */
export function relevance(s: Signals): number {
  if (s.replyPairs === 0) return NEUTRAL
  if (s.responsivenessFromEmbeddings === 1 && s.replyPairs >= 2)
    return clamp(50 + (s.responsivenessContrast / 0.1) * 50)
  return clamp(40 + (s.lexicalOverlap / 0.25) * 60)
}

/**
 * Points off per flagged error per 100 words, at most MAX_ERROR_PENALTY: not fitted. The essay-fitted models saturate
 * at essay error rates, so on a short message with a wrong word ("I am agree") they would still say 50; the penalty
 * keeps what the learner got wrong visible in the score. It reads the error rate through the same evidence weight as
 * the features, so one slip in five words costs points without sinking the score: "I am agree with you." loses 7,
 * an essay-like 2 errors per 100 words about 5.
 */
export const ERROR_PENALTY_PER_100_WORDS = 3
export const MAX_ERROR_PENALTY = 30
const penalty = (per100: number, weight: number) =>
  Math.min(MAX_ERROR_PENALTY, ERROR_PENALTY_PER_100_WORDS * weight * per100)

/** Chat conventions beyond ELLIPSE's: no shouting, no "!!!" runs. */
function chatManners(s: Signals): number {
  return 50 * (1 - Math.min(1, 10 * s.shoutingShare)) + 50 * (1 - Math.min(1, s.repeatedPunctuationPerSentence))
}

/** Below this many learner words MTLD is just the text's length (no word repeats yet), so it says nothing. */
export const MIN_WORDS_FOR_DIVERSITY = 50

/**
 * How far a text's own feature values count, 0–1: words / (words + ASPECT_EVIDENCE_WORDS). Shares and rates measured
 * on a few words swing wildly (a 5-word message has no conjunction, so its conjunction share is 0, far below any
 * essay), so they are shrunk toward the ELLIPSE essays' mean by this weight; ASPECT_EVIDENCE_WORDS is fitted on
 * excerpts of ELLIPSE train essays (bench/quality/fit-short-text.ts). 5 words: 0.11; 40 words: 0.5; an essay: ~0.9.
 */
export const evidenceWeight = (words: number, evidenceWords = ASPECT_EVIDENCE_WORDS) =>
  evidenceWords === 0 ? 1 : words / (words + evidenceWords)

/**
 * The features the aspect models read: each measured value shrunk toward the ELLIPSE essays' mean by the text's
 * evidence weight, and lexical diversity on a short text the mean outright (MTLD says nothing there). `evidenceWords`
 * other than the fitted one is for the fit and the benchmark (0: no shrinkage).
 */
export function aspectFeatures(s: Signals, evidenceWords = ASPECT_EVIDENCE_WORDS): Record<FeatureName, number> {
  const values = featureValues(s)
  if (s.learnerWords < MIN_WORDS_FOR_DIVERSITY) values.logMtld = ELLIPSE_FEATURE_MEANS.logMtld ?? values.logMtld
  const w = evidenceWeight(s.learnerWords, evidenceWords)
  for (const name of FEATURE_NAMES) {
    const prior = ELLIPSE_FEATURE_MEANS[name]
    if (prior !== undefined) values[name] = prior + w * (values[name] - prior)
  }
  return values
}

/** The measured score of each aspect, before the LLM's judgement is blended in. */
export function measuredScores(s: Signals, evidenceWords = ASPECT_EVIDENCE_WORDS): Record<ScoreAspect, number> {
  const features = aspectFeatures(s, evidenceWords)
  const weight = evidenceWeight(s.learnerWords, evidenceWords)
  const fitted = (a: CalibratedAspect) => calibratedScore(a, features).score
  const answered = 100 * s.answeredQuestionShare
  const rel = relevance(s)
  const eight = {
    written_fluency: fitted('written_fluency'),
    vocabulary: clamp(fitted('vocabulary') - penalty(s.wordChoiceErrorsPer100Words, weight)),
    grammar: clamp(fitted('grammar') - penalty(s.grammarErrorsPer100Words + s.wordChoiceErrorsPer100Words, weight)),
    comprehension:
      s.replyPairs === 0
        ? NEUTRAL
        : clamp((s.questionsAsked > 0 ? 0.7 * answered + 0.3 * rel : rel) - 50 * s.clarificationShare),
    coherence: fitted('coherence'),
    digital_etiquette: 0.7 * fitted('digital_etiquette') + 0.3 * chatManners(s),
    responsiveness: s.replyPairs === 0 ? NEUTRAL : s.questionsAsked > 0 ? 0.6 * rel + 0.4 * answered : rel,
    clarity: fitted('clarity'),
  }
  return { ...eight, overall_communication: mean(Object.values(eight)) }
}
