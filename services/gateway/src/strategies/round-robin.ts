import type { RegionStrategy, WorkerView } from './strategy.js'

/** Each healthy worker in turn, regardless of load; a baseline to compare the other strategies against. */
export function roundRobin(): RegionStrategy {
  let turn = 0
  return {
    name: 'round-robin',
    pick<W extends WorkerView>(candidates: readonly W[]): W | undefined {
      if (candidates.length === 0) return undefined
      return candidates[turn++ % candidates.length]
    },
    record() {},
  }
}
