import { leastOutstanding } from './least-outstanding.js'
import { lowestLatency } from './lowest-latency.js'
import { roundRobin } from './round-robin.js'
import type { RegionStrategy } from './strategy.js'

export type { Outcome, RegionStrategy, WorkerView } from './strategy.js'

/** Strategy factories by the name GATEWAY_STRATEGY takes; each pool gets its own instance. */
export const STRATEGIES = {
  'least-outstanding': leastOutstanding,
  'round-robin': roundRobin,
  'lowest-latency': lowestLatency,
} satisfies Record<string, () => RegionStrategy>

export type StrategyName = keyof typeof STRATEGIES
export const STRATEGY_NAMES = Object.keys(STRATEGIES) as [StrategyName, ...StrategyName[]]
