import { randomUUID } from 'node:crypto'
import { DEFAULT_PRICES, type PriceTable } from '@parley/core'
import type { IdentityTarget } from './auth.js'
import { syntheticLearner } from './learners.js'
import { providerLookup } from './provider-of.js'
import { type LearnerMode, runLearnerSession, type SessionResult } from './session.js'
import { type RegionLoad, SimStats, type SimSummary } from './stats.js'
import { priceRows, type RunRecord, type TurnRow } from './turn-rows.js'

export type SimulateOptions = {
  gatewayUrl: string
  identity: IdentityTarget
  region: string
  learners: number
  turns: number
  /** Learners in flight at once; default all of them. */
  concurrency?: number
  seed: number
  progress?: (line: string) => void
  /** Scripted learners (default) or LLM-driven bots. */
  mode?: LearnerMode
  /**
   * Load mode: every learner slot keeps starting new sessions until this many seconds have passed (a session in
   * flight finishes its current turn, then stops).
   */
  durationSeconds?: number
  prices?: PriceTable
  /** Self-hosted llm-worker instances serving the run (the embedded stack has one). */
  workers?: number
}

export type SimulationResult = {
  summary: SimSummary
  sessions: SessionResult[]
  seconds: number
  rows: TurnRow[]
  run: RunRecord
  regions: RegionLoad[]
}

/**
 * Runs `learners` synthetic sessions against a running Parley, `concurrency` at a time, and sums them up; with
 * `durationSeconds`, `learners` slots run sessions back to back until the time is up (the load generator).
 */
export async function simulate(opts: SimulateOptions): Promise<SimulationResult> {
  const stats = new SimStats()
  const sessions: SessionResult[] = []
  const rows: TurnRow[] = []
  const prices = opts.prices ?? DEFAULT_PRICES
  const runId = `sim-${opts.seed}-${randomUUID().slice(0, 8)}`
  const startedAt = new Date().toISOString()
  const started = performance.now()
  const deadline = opts.durationSeconds === undefined ? undefined : started + opts.durationSeconds * 1000
  const providers = providerLookup(prices)
  let next = 1
  let sessionsStarted = 0
  const more = () =>
    deadline === undefined ? next <= opts.learners : performance.now() < deadline && sessionsStarted < 100_000
  const worker = async (slot: number) => {
    while (more()) {
      // In load mode, slot k always plays learner k (the same account and persona, a new conversation each time).
      const n = deadline === undefined ? next++ : slot
      sessionsStarted++
      const session = await runLearnerSession(syntheticLearner(opts.seed, n), {
        gatewayUrl: opts.gatewayUrl,
        identity: opts.identity,
        region: opts.region,
        turns: opts.turns,
        seed: opts.seed,
        learners: opts.learners,
        stats,
        progress: opts.progress ?? (() => {}),
        mode: opts.mode,
        run: runId,
        rows,
        providers,
        deadline,
      })
      sessions.push(session)
      // A failing slot stops rather than spin through sessions that fail at once (the failure is in the summary).
      if (deadline !== undefined && session.error) return
    }
  }
  const concurrency =
    deadline === undefined ? Math.max(1, Math.min(opts.concurrency ?? opts.learners, opts.learners)) : opts.learners
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i + 1)))
  const seconds = (performance.now() - started) / 1000
  sessions.sort((a, b) => a.email.localeCompare(b.email))
  const run: RunRecord = {
    kind: 'run',
    run: runId,
    startedAt,
    wallSeconds: seconds,
    workers: opts.workers ?? 1,
    conversations: new Set(rows.map((r) => r.conversation)).size,
    prices: { takenOn: prices.takenOn, selfHostedInstance: prices.selfHostedInstance },
  }
  priceRows(rows, run, prices)
  return { summary: stats.summary(), sessions, seconds, rows, run, regions: stats.byRegion(seconds) }
}
