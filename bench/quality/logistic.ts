// Weighted logistic regression with an L2 penalty (intercept unpenalised), fitted by Newton's method: for the
// per-finding filter (fit-finding-filter.ts), where a few thousand rows and under a hundred features make the exact
// Hessian cheap.

import { solve } from './fit-math.js'

export type LogisticFit = { bias: number; weights: number[] }

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

export function predictLogistic(model: LogisticFit, x: readonly number[]): number {
  let z = model.bias
  for (let k = 0; k < x.length; k++) z += model.weights[k]! * x[k]!
  return sigmoid(z)
}

/** `rows[i]` has label `labels[i]` (1 or 0) and weight `rowWeights[i]`; the penalty is l2 / 2 × |weights|². */
export function fitLogistic(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  rowWeights: readonly number[],
  l2: number,
  iterations = 25,
): LogisticFit {
  const d = (rows[0]?.length ?? 0) + 1
  const beta = new Array<number>(d).fill(0)
  for (let it = 0; it < iterations; it++) {
    const grad = beta.map((b, k) => (k === 0 ? 0 : l2 * b))
    const hess = Array.from({ length: d }, (_, p) => Array.from({ length: d }, (_, q) => (p === q && p > 0 ? l2 : 0)))
    for (let i = 0; i < rows.length; i++) {
      const x = [1, ...rows[i]!]
      let z = 0
      for (let k = 0; k < d; k++) z += beta[k]! * x[k]!
      const p = sigmoid(z)
      const w = rowWeights[i]!
      const r = w * (p - labels[i]!)
      const c = w * Math.max(p * (1 - p), 1e-9)
      for (let a = 0; a < d; a++) {
        const xa = x[a]!
        if (xa === 0) continue
        grad[a]! += r * xa
        const row = hess[a]!
        for (let b = 0; b < d; b++) if (x[b] !== 0) row[b]! += c * xa * x[b]!
      }
    }
    const step = solve(hess, grad)
    let largest = 0
    for (let k = 0; k < d; k++) {
      beta[k]! -= step[k]!
      largest = Math.max(largest, Math.abs(step[k]!))
    }
    if (largest < 1e-7) break
  }
  return { bias: beta[0]!, weights: beta.slice(1) }
}
