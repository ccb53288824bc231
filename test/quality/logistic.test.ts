import { describe, expect, test } from 'vitest'
import { fitLogistic, predictLogistic } from '../../bench/quality/logistic.js'

describe('weighted logistic regression (bench/quality/logistic.ts)', () => {
  // Made-up rows: the first feature raises the odds, the second lowers them, with some overlap so the fit is finite.
  const rows = [
    ...[
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 0],
    ],
    ...[
      [1, 1],
      [1, 1],
      [0, 0],
      [0, 0],
    ],
    ...[
      [0, 1],
      [0, 1],
      [0, 1],
      [0, 1],
    ],
  ]
  const labels = [1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 1]

  test('finds the direction of each feature and predicts accordingly', () => {
    const model = fitLogistic(rows, labels, new Array(rows.length).fill(1), 0.1)
    expect(model.weights[0]!).toBeGreaterThan(0)
    expect(model.weights[1]!).toBeLessThan(0)
    expect(predictLogistic(model, [1, 0])).toBeGreaterThan(predictLogistic(model, [0, 1]))
  })

  test('with no features the intercept is the weighted log-odds of the labels', () => {
    const model = fitLogistic(
      labels.map(() => []),
      labels,
      labels.map((y) => (y === 1 ? 3 : 1)),
      1,
    )
    // 6 positives of weight 3 against 6 negatives of weight 1: p = 18 / 24.
    expect(predictLogistic(model, [])).toBeCloseTo(0.75, 6)
  })

  test('a larger penalty pulls the weights toward zero', () => {
    const loose = fitLogistic(rows, labels, new Array(rows.length).fill(1), 0.1)
    const tight = fitLogistic(rows, labels, new Array(rows.length).fill(1), 100)
    expect(Math.abs(tight.weights[0]!)).toBeLessThan(Math.abs(loose.weights[0]!) / 5)
  })
})
