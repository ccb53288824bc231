import type { IdentityTarget } from './auth.js'
import { syntheticLearner } from './learners.js'
import { runLearnerSession, type SessionResult } from './session.js'
import { SimStats, type SimSummary } from './stats.js'

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
}

export type SimulationResult = { summary: SimSummary; sessions: SessionResult[]; seconds: number }

/** Runs `learners` synthetic sessions against a running Parley, `concurrency` at a time, and sums them up. */
export async function simulate(opts: SimulateOptions): Promise<SimulationResult> {
  const stats = new SimStats()
  const sessions: SessionResult[] = []
  const started = performance.now()
  let next = 1
  const worker = async () => {
    while (next <= opts.learners) {
      const n = next++
      sessions.push(
        await runLearnerSession(syntheticLearner(opts.seed, n), {
          gatewayUrl: opts.gatewayUrl,
          identity: opts.identity,
          region: opts.region,
          turns: opts.turns,
          seed: opts.seed,
          learners: opts.learners,
          stats,
          progress: opts.progress ?? (() => {}),
        }),
      )
    }
  }
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? opts.learners, opts.learners))
  await Promise.all(Array.from({ length: concurrency }, worker))
  sessions.sort((a, b) => a.email.localeCompare(b.email))
  return { summary: stats.summary(), sessions, seconds: (performance.now() - started) / 1000 }
}
