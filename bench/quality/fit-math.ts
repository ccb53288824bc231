// Small, dependency-free fitting routines for the offline calibration (fit-levels.ts) and the quality bench:
// proportional-odds ordinal logistic regression, ridge regression, Spearman's rho. Inputs are standardised rows.

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))

export type Ordinal = { weights: number[]; thresholds: number[] }

/** P(level = k) for k = 0..K under the proportional-odds model: P(y ≤ k) = σ((θ_k − w·x) / temperature). */
export function ordinalProbabilities(model: Ordinal, x: number[], temperature = 1): number[] {
  const s = dot(model.weights, x)
  const cumulative = [...model.thresholds.map((t) => sigmoid((t - s) / temperature)), 1]
  return cumulative.map((c, k) => Math.max(1e-9, c - (k === 0 ? 0 : cumulative[k - 1]!)))
}

/**
 * Fits the ordinal model by full-batch Adam on the weighted negative log-likelihood plus an L2 penalty on the
 * weights (not the thresholds). Thresholds stay ordered: θ_0 free, then θ_k = θ_{k−1} + softplus(δ_k).
 */
export function fitOrdinal(
  rows: number[][],
  levels: number[],
  sampleWeights: number[],
  classes: number,
  l2: number,
  steps = 1500,
): Ordinal {
  const d = rows[0]!.length
  const w = new Array(d).fill(0)
  const raw = [-2, ...new Array(classes - 2).fill(0.5)] // θ_0 and the δs
  const params = () => ({ weights: w, thresholds: thresholdsOf(raw) })
  const m = new Array(d + raw.length).fill(0)
  const v = new Array(d + raw.length).fill(0)
  const totalWeight = sampleWeights.reduce((a, b) => a + b, 0)
  for (let step = 1; step <= steps; step++) {
    const grad = new Array(d + raw.length).fill(0)
    const gradTheta = new Array(classes - 1).fill(0)
    const theta = thresholdsOf(raw)
    for (let i = 0; i < rows.length; i++) {
      const x = rows[i]!
      const y = levels[i]!
      const s = dot(w, x)
      // p = F(θ_y − s) − F(θ_{y−1} − s); the gradients of −log p with respect to s and to θ.
      const upper = y < classes - 1 ? sigmoid(theta[y]! - s) : 1
      const lower = y > 0 ? sigmoid(theta[y - 1]! - s) : 0
      const p = Math.max(1e-12, upper - lower)
      const du = y < classes - 1 ? upper * (1 - upper) : 0
      const dl = y > 0 ? lower * (1 - lower) : 0
      const sw = sampleWeights[i]! / totalWeight
      const dS = ((du - dl) / p) * sw
      for (let j = 0; j < d; j++) grad[j] += dS * x[j]!
      if (y < classes - 1) gradTheta[y] -= (du / p) * sw
      if (y > 0) gradTheta[y - 1] += (dl / p) * sw
    }
    // Chain rule through θ_k = θ_0 + Σ_{r≤k} softplus(δ_r).
    for (let r = 0; r < classes - 1; r++) {
      let tail = 0
      for (let k = r; k < classes - 1; k++) tail += gradTheta[k]!
      grad[d + r] = tail * (r === 0 ? 1 : sigmoid(raw[r]!))
    }
    for (let j = 0; j < d; j++) grad[j] += 2 * l2 * w[j]!
    adam(grad, [...w, ...raw], m, v, step, (k, value) => {
      if (k < d) w[k] = value
      else raw[k - d] = value
    })
  }
  return params()
}

function thresholdsOf(raw: number[]): number[] {
  const out = [raw[0]!]
  for (let k = 1; k < raw.length; k++) out.push(out[k - 1]! + Math.log1p(Math.exp(raw[k]!)))
  return out
}

/** One Adam step on `values` (moments m, v kept by the caller); `set` writes each updated value. */
export function adam(
  grad: number[],
  values: number[],
  m: number[],
  v: number[],
  step: number,
  set: (k: number, value: number) => void,
  rate = 0.05,
) {
  for (let k = 0; k < grad.length; k++) {
    m[k] = 0.9 * m[k]! + 0.1 * grad[k]!
    v[k] = 0.999 * v[k]! + 0.001 * grad[k]! ** 2
    const mh = m[k]! / (1 - 0.9 ** step)
    const vh = v[k]! / (1 - 0.999 ** step)
    set(k, values[k]! - (rate * mh) / (Math.sqrt(vh) + 1e-8))
  }
}

/** Ridge regression (intercept unpenalised) by the normal equations. Returns [intercept, ...weights]. */
export function fitRidge(rows: number[][], targets: number[], l2: number): number[] {
  const X = rows.map((r) => [1, ...r])
  const d = X[0]!.length
  const A = Array.from({ length: d }, () => new Array(d).fill(0))
  const b = new Array(d).fill(0)
  X.forEach((x, i) => {
    for (let p = 0; p < d; p++) {
      b[p] += x[p]! * targets[i]!
      for (let q = 0; q < d; q++) A[p]![q] += x[p]! * x[q]!
    }
  })
  for (let p = 1; p < d; p++) A[p]![p] += l2 * X.length
  return solve(A, b)
}

/** Solves A x = b by Gauss–Jordan elimination with partial pivoting (ridge and logistic fits). */
export function solve(A: number[][], b: number[]): number[] {
  const n = b.length
  const M = A.map((row, i) => [...row, b[i]!])
  for (let c = 0; c < n; c++) {
    let pivot = c
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[pivot]![c]!)) pivot = r
    ;[M[c], M[pivot]] = [M[pivot]!, M[c]!]
    for (let r = 0; r < n; r++) {
      if (r === c) continue
      const row = M[r]!
      const pivotRow = M[c]!
      const f = row[c]! / pivotRow[c]!
      for (let k = c; k <= n; k++) row[k] = row[k]! - f * pivotRow[k]!
    }
  }
  return M.map((row, i) => row[n]! / row[i]!)
}

export function spearman(a: number[], b: number[]): number {
  return pearson(ranks(a), ranks(b))
}

function ranks(xs: number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0])
  const out = new Array(xs.length)
  for (let i = 0; i < order.length; ) {
    let j = i
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2
    i = j + 1
  }
  return out
}

export function pearson(a: number[], b: number[]): number {
  const ma = mean(a)
  const mb = mean(b)
  let num = 0
  let da = 0
  let db = 0
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - ma) * (b[i]! - mb)
    da += (a[i]! - ma) ** 2
    db += (b[i]! - mb) ** 2
  }
  return da === 0 || db === 0 ? 0 : num / Math.sqrt(da * db)
}

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
export const dot = (a: number[], b: number[]) => a.reduce((n, x, i) => n + x * b[i]!, 0)
export const argmax = (xs: number[]) => xs.reduce((best, x, i) => (x > xs[best]! ? i : best), 0)

/** Reliability table: predictions grouped by confidence, with the share right in each group. */
export function reliability(
  predictions: { confidence: number; right: boolean }[],
  edges = [0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001],
): { range: string; n: number; meanConfidence: number; accuracy: number }[] {
  const out = []
  for (let i = 0; i + 1 < edges.length; i++) {
    const group = predictions.filter((p) => p.confidence >= edges[i]! && p.confidence < edges[i + 1]!)
    if (group.length === 0) continue
    out.push({
      range: `${edges[i]!.toFixed(1)}–${Math.min(1, edges[i + 1]!).toFixed(1)}`,
      n: group.length,
      meanConfidence: mean(group.map((p) => p.confidence)),
      accuracy: group.filter((p) => p.right).length / group.length,
    })
  }
  return out
}

/** Expected calibration error: the share-weighted gap between stated confidence and accuracy over the same bins. */
export function expectedCalibrationError(
  predictions: { confidence: number; right: boolean }[],
  edges = [0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001],
): number {
  const total = predictions.length
  if (total === 0) return 0
  return reliability(predictions, edges).reduce(
    (n, b) => n + (b.n / total) * Math.abs(b.accuracy - b.meanConfidence),
    0,
  )
}
