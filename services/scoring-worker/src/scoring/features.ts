import type { Signals } from './signals.js'

/**
 * The measured signals the fitted models read, in a fixed order. Counts are log-scaled (their effect flattens), so a
 * linear model over them stays explainable: each coefficient in calibration.ts is the effect of one named signal.
 */
export const FEATURES = {
  logWordsPerTurn: (s: Signals) => Math.log1p(s.medianWordsPerTurn),
  meanSentenceLength: (s: Signals) => Math.min(60, s.meanSentenceLength),
  atLeastB1WordShare: (s: Signals) => s.atLeastB1WordShare,
  atLeastB2WordShare: (s: Signals) => s.atLeastB2WordShare,
  meanWordLetters: (s: Signals) => s.meanWordLetters,
  logMtld: (s: Signals) => Math.log1p(s.lexicalDiversityMtld),
  complexSentenceShare: (s: Signals) => s.complexSentenceShare,
  connectivesPerSentence: (s: Signals) => Math.min(4, s.connectivesPerSentence),
  logErrorsPer100Words: (s: Signals) => Math.log1p(s.errorsPer100Words),
  logGrammarErrorsPer100Words: (s: Signals) => Math.log1p(s.grammarErrorsPer100Words + s.wordChoiceErrorsPer100Words),
  logSpellingErrorsPer100Words: (s: Signals) => Math.log1p(s.spellingErrorsPer100Words),
  logPunctuationErrorsPer100Words: (s: Signals) => Math.log1p(s.punctuationErrorsPer100Words),
  capitalisedSentenceShare: (s: Signals) => s.capitalisedSentenceShare,
  terminalPunctuationShare: (s: Signals) => s.terminalPunctuationShare,
  lowercaseIShare: (s: Signals) => s.lowercaseIShare,
  sentenceLengthVariation: (s: Signals) => Math.min(2, s.sentenceLengthVariation),
  commasPerSentence: (s: Signals) => Math.min(4, s.commasPerSentence),
  unknownWordShare: (s: Signals) => s.unknownWordShare,
  adjectiveShare: (s: Signals) => s.adjectiveShare,
  adverbShare: (s: Signals) => s.adverbShare,
  pronounShare: (s: Signals) => s.pronounShare,
  conjunctionShare: (s: Signals) => s.conjunctionShare,
  prepositionShare: (s: Signals) => s.prepositionShare,
  determinerShare: (s: Signals) => s.determinerShare,
  pastTenseShare: (s: Signals) => s.pastTenseShare,
  modalShare: (s: Signals) => s.modalShare,
  gerundShare: (s: Signals) => s.gerundShare,
} satisfies Record<string, (s: Signals) => number>

export type FeatureName = keyof typeof FEATURES
export const FEATURE_NAMES = Object.keys(FEATURES) as FeatureName[]

/**
 * A linear model over standardised features z = (clip(x) − mean) / sd: value = intercept + Σ weight × z, plus
 * Σ square × z² where a feature's effect bends (e.g. errors matter most between none and a few).
 */
export type LinearModel = {
  intercept: number
  weights: Partial<Record<FeatureName, number>>
  squares?: Partial<Record<FeatureName, number>>
}

/** Per-feature standardisation and the range seen in training (values outside it are clipped, never extrapolated). */
export type FeatureScale = Record<FeatureName, { mean: number; sd: number; min: number; max: number }>

export function featureValues(s: Signals): Record<FeatureName, number> {
  return Object.fromEntries(FEATURE_NAMES.map((n) => [n, FEATURES[n](s)])) as Record<FeatureName, number>
}

export function standardised(value: number, scale: FeatureScale[FeatureName]): number {
  const clipped = Math.min(scale.max, Math.max(scale.min, value))
  return scale.sd === 0 ? 0 : (clipped - scale.mean) / scale.sd
}

/** Each named feature's contribution to the model's value, and the value itself. */
export function linearTerms(
  model: LinearModel,
  values: Record<FeatureName, number>,
  scale: FeatureScale,
): { value: number; terms: Partial<Record<FeatureName, number>> } {
  const terms: Partial<Record<FeatureName, number>> = {}
  let value = model.intercept
  for (const [name, weight] of Object.entries(model.weights) as [FeatureName, number][]) {
    const z = standardised(values[name], scale[name])
    terms[name] = weight * z + (model.squares?.[name] ?? 0) * z * z
    value += terms[name]
  }
  return { value, terms }
}
