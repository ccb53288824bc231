/** What a strategy sees of a worker: its address and the requests it has in flight, kept by its pool. */
export type WorkerView = {
  readonly url: string
  readonly outstanding: number
}

export type Outcome = { ok: boolean; firstByteMs?: number }

/**
 * Ranks the healthy workers of one pool (LiteLLM's router strategies: the pool filters out the unhealthy ones, the
 * strategy only records outcomes and picks among what is left).
 */
export interface RegionStrategy {
  readonly name: string
  pick<W extends WorkerView>(candidates: readonly W[]): W | undefined
  record(worker: WorkerView, outcome: Outcome): void
}
