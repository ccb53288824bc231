import type { Outcome, RegionStrategy, WorkerView } from './strategy.js'

const SMOOTHING = 0.2

/**
 * Lowest smoothed time to first byte wins, weighted by the requests already in flight; workers not measured yet go
 * first so that every worker gets sampled.
 */
export function lowestLatency(): RegionStrategy {
  const ewmaMs = new Map<string, number>()
  let turn = 0
  return {
    name: 'lowest-latency',
    pick<W extends WorkerView>(candidates: readonly W[]): W | undefined {
      const unmeasured = candidates.filter((w) => !ewmaMs.has(w.url))
      if (unmeasured.length > 0) return unmeasured[turn++ % unmeasured.length]
      let best: W | undefined
      let bestCost = Number.POSITIVE_INFINITY
      for (const w of candidates) {
        const cost = (ewmaMs.get(w.url) ?? 0) * (1 + w.outstanding)
        if (cost < bestCost) {
          best = w
          bestCost = cost
        }
      }
      return best
    },
    record(worker: WorkerView, outcome: Outcome) {
      if (!outcome.ok || outcome.firstByteMs === undefined) return
      const previous = ewmaMs.get(worker.url)
      const next =
        previous === undefined ? outcome.firstByteMs : previous + SMOOTHING * (outcome.firstByteMs - previous)
      ewmaMs.set(worker.url, next)
    },
  }
}
