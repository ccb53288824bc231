// The load generator's per-region figures: TTFT percentiles, the region's tokens over the run's wall time, and the
// median reply's own decode rate.
import { expect, test } from 'vitest'
import { formatRegionLoad } from '../src/simulate/index.js'
import { SimStats } from '../src/simulate/stats.js'

test('streams are grouped by serving region with TTFT p50/p95 and two kinds of tokens/s', () => {
  const stats = new SimStats()
  // us-east-1: three replies; 10 tokens in 1 s, 20 in 1 s, 30 in 3 s.
  stats.recordStream(100, 10, 1000, 'us-east-1')
  stats.recordStream(300, 20, 1000, 'us-east-1')
  stats.recordStream(200, 30, 3000, 'us-east-1')
  stats.recordStream(null, 0, 0, 'us-west-2')
  const [east, west] = stats.byRegion(10)
  expect(east).toEqual({
    region: 'us-east-1',
    replies: 3,
    ttftP50Ms: 200,
    ttftP95Ms: 300,
    tokens: 60,
    tokensPerSecond: 6,
    streamTokensPerSecondP50: 10,
  })
  expect(west).toMatchObject({ region: 'us-west-2', replies: 1, tokens: 0, tokensPerSecond: 0 })
  expect(west!.ttftP50Ms).toBeNaN()
  const table = formatRegionLoad([east!, west!], 10)
  expect(table).toMatch(/load over 10\.0 s, by serving region/)
  expect(table).toMatch(/us-east-1 +3 +200 ms +300 ms +60 +6\.0 +10\.0/)
  expect(table).toMatch(/us-west-2 +1 +- +- +0 +0\.0 +-/)
})
