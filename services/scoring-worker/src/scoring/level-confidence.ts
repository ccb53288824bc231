/**
 * How much text a level estimate rests on: learner words and sentences. One sentence says little about a learner,
 * so the level model's probabilities are shrunk toward "any level" by how little evidence there is (docs/scoring.md).
 */
export type LevelEvidence = { words: number; sentences: number }

/**
 * p'_k = (1 − λ) p_k + λ / 6, with the doubt λ = σ(intercept − logWords × ln(words) − logSentences × ln(sentences)),
 * each count clipped to the range seen in training so nothing is extrapolated. The slopes are never negative (more
 * text never makes the estimate less sure). Mixing with the uniform keeps the order of the levels, so the most
 * likely level is the model's; only how sure the estimate says it is changes, and one sentence cannot be sure
 * however extreme the model's value for it.
 */
export type EvidenceCalibration = {
  intercept: number
  logWords: number
  logSentences: number
  words: { min: number; max: number }
  sentences: { min: number; max: number }
}

export function evidenceDoubt(evidence: LevelEvidence, c: EvidenceCalibration): number {
  const clip = (x: number, r: { min: number; max: number }) => Math.min(r.max, Math.max(r.min, x))
  const z =
    c.intercept -
    c.logWords * Math.log(clip(evidence.words, c.words)) -
    c.logSentences * Math.log(clip(evidence.sentences, c.sentences))
  return 1 / (1 + Math.exp(-z))
}

export function calibrateByEvidence(p: number[], evidence: LevelEvidence, c: EvidenceCalibration): number[] {
  return shrunk(p, evidenceDoubt(evidence, c))
}

export function shrunk(p: number[], doubt: number): number[] {
  return p.map((x) => (1 - doubt) * x + doubt / p.length)
}
