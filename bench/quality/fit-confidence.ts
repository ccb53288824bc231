// The evidence calibration of the level's confidence (services/scoring-worker/src/scoring/level-confidence.ts):
// p' = (1 − λ) p + λ / 6 with λ = σ(a − b_w ln(words) − b_s ln(sentences)), b ≥ 0, fitted by weighted log-loss of
// the true level on out-of-fold probabilities, so a text is as sure as texts with as much evidence turned out right.
import type { EvidenceCalibration, LevelEvidence } from '../../services/scoring-worker/src/scoring/level-confidence.js'
import { adam, mean } from './fit-math.js'

/** Which counts the doubt may read (`none`: one doubt for every text). */
export type EvidenceTerms = 'words' | 'sentences' | 'both' | 'none'

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))
const softplus = (x: number) => Math.log1p(Math.exp(x))

export function fitEvidenceCalibration(
  probs: number[][],
  evidence: LevelEvidence[],
  truth: number[],
  weights: number[],
  terms: EvidenceTerms,
  steps = 3000,
): EvidenceCalibration {
  const range = (xs: number[]) => ({ min: Math.max(1, Math.min(...xs)), max: Math.max(1, Math.max(...xs)) })
  const words = range(evidence.map((e) => e.words))
  const sentences = range(evidence.map((e) => e.sentences))
  const clip = (x: number, r: { min: number; max: number }) => Math.log(Math.min(r.max, Math.max(r.min, x)))
  const raw = evidence.map((e) => [clip(e.words, words), clip(e.sentences, sentences)] as const)
  // Centred for the optimiser; the intercept is moved back afterwards.
  const centre = [mean(raw.map((r) => r[0])), mean(raw.map((r) => r[1]))] as const
  const use = [terms === 'words' || terms === 'both', terms === 'sentences' || terms === 'both'] as const
  const x = raw.map((r) => [use[0] ? r[0] - centre[0] : 0, use[1] ? r[1] - centre[1] : 0] as const)
  const total = weights.reduce((a, b) => a + b, 0)
  // θ: intercept, and the slopes before softplus (so they stay ≥ 0).
  const theta = [0, 0, 0]
  const m = [0, 0, 0]
  const v = [0, 0, 0]
  for (let step = 1; step <= steps; step++) {
    const grad: [number, number, number] = [0, 0, 0]
    const [bw, bs] = [softplus(theta[1]!), softplus(theta[2]!)]
    probs.forEach((p, i) => {
      const doubt = sigmoid(theta[0]! - bw * x[i]![0] - bs * x[i]![1])
      const py = p[truth[i]!]!
      const q = (1 - doubt) * py + doubt / p.length
      // d(−log q_y)/dz through λ = σ(z).
      const dZ = (weights[i]! / total) * (-(1 / p.length - py) / q) * doubt * (1 - doubt)
      grad[0] += dZ
      grad[1] -= dZ * x[i]![0] * sigmoid(theta[1]!)
      grad[2] -= dZ * x[i]![1] * sigmoid(theta[2]!)
    })
    adam(
      grad,
      [...theta],
      m,
      v,
      step,
      (k, value) => {
        theta[k] = value
      },
      0.05,
    )
  }
  const round = (n: number) => Math.round(n * 10000) / 10000
  const [bw, bs] = [use[0] ? softplus(theta[1]!) : 0, use[1] ? softplus(theta[2]!) : 0]
  return {
    intercept: round(theta[0]! + bw * centre[0] + bs * centre[1]),
    logWords: round(bw),
    logSentences: round(bs),
    words,
    sentences,
  }
}
