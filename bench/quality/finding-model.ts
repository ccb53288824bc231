// A per-finding filter for the rules layer (issue 14), measured by fit-finding-filter.ts against the rule-by-rule
// selection it would replace. Kept in bench: on held-out train folds it did not beat that selection (docs/scoring.md).
import { findingFeatures, findingKey, type JudgedFinding } from './finding-features.js'

/** Decides whether one Harper finding reaches the learner (the text is the whole message). */
export type FindingJudge = (text: string, finding: JudgedFinding) => boolean

/** A logistic model over findingFeatures: P(finding touches a human edit) = σ(bias + Σ weight × feature). */
export type FindingModel = {
  bias: number
  weights: Readonly<Record<string, number>>
  /** Findings with a probability below this are dropped. */
  threshold: number
}

// Never dropped, as in fit-rules.ts (PROTECTED): learners reported these, and each fires on about 0.1 % of train
// sentences. PronounVerbAgreement ("she go"), MissingTo ("I want improve it"), RepeatedWords ("the the"),
// name-near-common ("Eruope").
export const ALWAYS_KEPT: ReadonlySet<string> = new Set([
  'PronounVerbAgreement',
  'MissingTo',
  'RepeatedWords',
  'spelling:name-near-common',
])

export function findingProbability(model: FindingModel, text: string, finding: JudgedFinding): number {
  let z = model.bias
  for (const [name, value] of findingFeatures(text, finding)) z += (model.weights[name] ?? 0) * value
  return 1 / (1 + Math.exp(-z))
}

/**
 * The per-finding filter: a finding of a rule the model was not fitted on (too few findings on train) or of a rule
 * in ALWAYS_KEPT is kept; any other is kept when its probability reaches the fitted threshold.
 */
export function modelJudge(model: FindingModel): FindingJudge {
  return (text, finding) => {
    const key = findingKey(finding)
    if (ALWAYS_KEPT.has(key) || model.weights[`rule:${key}`] === undefined) return true
    return findingProbability(model, text, finding) >= model.threshold
  }
}

/** The previous selection, kept as the baseline the model is measured against: whole rules and spelling kinds off. */
export function listJudge(disabledRules: Iterable<string>, spellingKinds: Iterable<string>): FindingJudge {
  const off = new Set(disabledRules)
  const kinds = new Set(spellingKinds)
  return (_text, f) => !off.has(f.rule) && (f.spellingKind === undefined || kinds.has(f.spellingKind))
}
