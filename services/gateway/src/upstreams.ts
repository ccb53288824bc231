import type { Clock } from './clock.js'
import { type EjectionPolicy, type PoolSnapshot, type Worker, WorkerPool } from './pool.js'
import { STRATEGIES, type StrategyName } from './strategies/index.js'
import { POOL_KINDS, type PoolKind, type Topology } from './topology.js'

export type RegionSummary = { name: string; pools: Record<PoolKind, PoolSnapshot> }

/** Every pool the gateway sends to: the api instances, and per region one pool of each kind, each with its picker. */
export class Upstreams {
  readonly api: WorkerPool
  private readonly regions = new Map<string, Record<PoolKind, WorkerPool>>()

  /** `homeRegion` names the region the api instances (and the gateway itself) run in; default: the first region. */
  constructor(
    topology: Topology,
    strategy: StrategyName,
    policy: EjectionPolicy,
    clock: Clock,
    homeRegion = topology.regions[0]?.name ?? 'local',
  ) {
    const pool = (region: string, kind: string, urls: string[]) =>
      new WorkerPool(region, kind, urls, STRATEGIES[strategy](), policy, clock)
    this.api = pool(homeRegion, 'api', topology.api)
    for (const r of topology.regions) {
      this.regions.set(r.name, {
        llm: pool(r.name, 'llm', r.pools.llm),
        chat: pool(r.name, 'chat', r.pools.chat),
        scoring: pool(r.name, 'scoring', r.pools.scoring),
      })
    }
  }

  get regionNames(): string[] {
    return [...this.regions.keys()]
  }

  has(region: string): boolean {
    return this.regions.has(region)
  }

  /** The pool of `kind` in `region`, then (with failover) the same pool in each other region, in topology order. */
  failoverOrder(region: string, kind: PoolKind, failover: boolean): WorkerPool[] {
    const names = this.regionNames
    const start = names.indexOf(region)
    if (start < 0) return []
    const order = failover ? [...names.slice(start), ...names.slice(0, start)] : [region]
    return order.map((name) => this.regions.get(name)![kind])
  }

  allPools(): WorkerPool[] {
    return [this.api, ...[...this.regions.values()].flatMap((pools) => POOL_KINDS.map((k) => pools[k]))]
  }

  allWorkers(): Worker[] {
    return this.allPools().flatMap((p) => p.workers)
  }

  summary(): RegionSummary[] {
    return [...this.regions].map(([name, pools]) => ({
      name,
      pools: {
        llm: pools.llm.snapshot(),
        chat: pools.chat.snapshot(),
        scoring: pools.scoring.snapshot(),
      },
    }))
  }
}
