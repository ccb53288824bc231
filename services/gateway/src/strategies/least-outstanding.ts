import type { RegionStrategy, WorkerView } from './strategy.js'

/**
 * Fewest requests in flight wins (streams count until their last byte). Ties rotate, so that an idle pool spreads
 * consecutive requests instead of always choosing its first worker.
 */
export function leastOutstanding(): RegionStrategy {
  let turn = 0
  return {
    name: 'least-outstanding',
    pick<W extends WorkerView>(candidates: readonly W[]): W | undefined {
      if (candidates.length === 0) return undefined
      const fewest = Math.min(...candidates.map((w) => w.outstanding))
      const tied = candidates.filter((w) => w.outstanding === fewest)
      return tied[turn++ % tied.length]
    },
    record() {},
  }
}
