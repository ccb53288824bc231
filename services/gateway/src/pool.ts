import type { Clock } from './clock.js'
import { LatencyWindow } from './latency-window.js'
import type { Outcome, RegionStrategy, WorkerView } from './strategies/index.js'

export type EjectionPolicy = {
  /** Consecutive passive failures (refused, reset, timeout, 5xx) after which a worker is taken out. */
  ejectAfterFailures: number
  /** How long an ejected worker stays out before it is tried again. */
  cooldownMs: number
}

/**
 * A pool URL ending in this fragment (fragments are never sent upstream) is a backup: picked only while no other
 * worker of its pool is usable, e.g. a Bedrock worker behind self-hosted ones, so it costs nothing until they fail.
 */
export const BACKUP_FRAGMENT = '#backup'

/** One upstream worker as its pool tracks it. */
export class Worker implements WorkerView {
  outstanding = 0
  /** Set by the active health check; a worker starts healthy so requests flow before the first check returns. */
  healthy = true
  consecutiveFailures = 0
  ejectedUntil = 0
  /** Requests waiting on the worker itself, as its last /healthz said (`queue_depth`); 0 when it says nothing. */
  reportedQueueDepth = 0
  /** Times the pool has taken this worker out after consecutive failures (gateway_ejections_total). */
  ejections = 0

  readonly url: string
  readonly backup: boolean

  constructor(url: string) {
    this.backup = url.endsWith(BACKUP_FRAGMENT)
    this.url = (this.backup ? url.slice(0, -BACKUP_FRAGMENT.length) : url).replace(/\/+$/, '')
  }
}

/** A worker taken for one request; `done` must be called exactly once, when its response has fully ended. */
export type Lease = { worker: Worker; done(outcome: Outcome): void }

export type PoolSnapshot = {
  healthy: number
  total: number
  /** Median time to first byte over the pool's last 256 responses. */
  p50Ms: number | null
  /** Requests queued on the usable workers, as they reported at their last health check. */
  queueDepth: number
  /** Requests this gateway has in flight to the pool (streams until their last byte). */
  inFlight: number
}

/**
 * The workers of one pool (say, us-east-1's LLM workers): which are usable now, how loaded they are, and their
 * recent latency. Choosing among the usable ones is the strategy's job.
 */
export class WorkerPool {
  readonly workers: Worker[]
  private readonly latency = new LatencyWindow()

  constructor(
    readonly region: string,
    readonly kind: string,
    urls: readonly string[],
    private readonly strategy: RegionStrategy,
    private readonly policy: EjectionPolicy,
    private readonly clock: Clock,
  ) {
    const workers = urls.map((u) => new Worker(u))
    this.workers = workers.filter((w, i) => workers.findIndex((o) => o.url === w.url) === i)
  }

  usable(worker: Worker): boolean {
    return worker.healthy && worker.ejectedUntil <= this.clock.now()
  }

  /**
   * Takes the strategy's choice among usable workers not in `exclude` (backups only when no other is left), or
   * undefined when none is left.
   */
  acquire(exclude: ReadonlySet<Worker> = new Set()): Lease | undefined {
    const open = this.workers.filter((w) => this.usable(w) && !exclude.has(w))
    const primaries = open.filter((w) => !w.backup)
    const worker = this.strategy.pick(primaries.length > 0 ? primaries : open)
    if (!worker) return undefined
    worker.outstanding++
    let finished = false
    return {
      worker,
      done: (outcome) => {
        if (finished) return
        finished = true
        worker.outstanding--
        this.record(worker, outcome)
      },
    }
  }

  private record(worker: Worker, outcome: Outcome): void {
    this.strategy.record(worker, outcome)
    if (outcome.firstByteMs !== undefined && outcome.ok) this.latency.add(outcome.firstByteMs)
    if (outcome.ok) {
      worker.consecutiveFailures = 0
      return
    }
    worker.consecutiveFailures++
    if (worker.consecutiveFailures >= this.policy.ejectAfterFailures) {
      worker.ejectedUntil = this.clock.now() + this.policy.cooldownMs
      worker.ejections++
      // After the cooldown it gets one chance: a single further failure ejects it again.
      worker.consecutiveFailures = this.policy.ejectAfterFailures - 1
    }
  }

  snapshot(): PoolSnapshot {
    const p50 = this.latency.quantile(0.5)
    return {
      healthy: this.workers.filter((w) => this.usable(w)).length,
      total: this.workers.length,
      p50Ms: p50 === undefined ? null : Math.round(p50 * 10) / 10,
      queueDepth: this.workers.reduce((sum, w) => sum + (this.usable(w) ? w.reportedQueueDepth : 0), 0),
      inFlight: this.workers.reduce((sum, w) => sum + w.outstanding, 0),
    }
  }
}
