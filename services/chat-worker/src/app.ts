import { type BaseDeps, createBaseApp, type Metrics } from '@parley/core'
import type { LlmPool } from './llm.js'
import { createChatMetrics } from './metrics.js'
import { chatRoutes } from './routes/chat.js'
import { modelRoutes } from './routes/model.js'
import { scenarioRoutes } from './routes/scenarios.js'
import { turnRoutes } from './routes/turn.js'
import type { ScenarioCatalogue } from './scenarios.js'
import type { TutorSettings } from './settings.js'
import { Summariser } from './summariser.js'
import { TokenRatios } from './tokens.js'
import type { BackgroundWork } from './turn/background.js'
import { Coalescer } from './turn/coalescer.js'
import { KeyedQueue } from './turn/keyed-queue.js'
import type { ScoredTurn } from './turn/run-turn.js'
import { ScoringClient } from './turn/scoring-client.js'
import type { TutorDeps } from './tutor-reply.js'

export type ChatWorkerDeps = BaseDeps & {
  metrics: Metrics
  pool: LlmPool
  scenarios: ScenarioCatalogue
  settings: TutorSettings
  /** Milliseconds clock for the timings in `done`; injectable for tests. */
  now?: () => number
  /** Where /tutor/turn stores and scores turns. */
  turn: {
    apiUrl: string
    scoringUrl: string
    /** Work that outlives its request (saves, scores); the server waits for it when shutting down. */
    background: BackgroundWork
    apiFetch?: typeof fetch
    scoringFetch?: typeof fetch
    keepAliveMs?: number
    clock?: () => Date
  }
}

/** The chat worker: the tutor's streamed replies, the server-side learner turn and the scenario catalogue. */
export function createChatWorkerApp(deps: ChatWorkerDeps) {
  const { log, pool, settings } = deps
  const summariser = new Summariser({
    pool,
    log,
    tutorName: settings.tutorName,
    timeoutMs: settings.summaryTimeoutMs,
  })
  const tutor: TutorDeps = {
    log,
    pool,
    scenarios: deps.scenarios,
    summariser,
    tokenRatios: new TokenRatios(),
    settings,
    chatMetrics: createChatMetrics(deps.metrics),
    now: deps.now ?? (() => performance.now()),
  }
  const { turn } = deps
  return createBaseApp(deps)
    .route('/tutor/scenarios', scenarioRoutes(deps.scenarios))
    .route('/tutor/model', modelRoutes(pool, settings.defaultModel))
    .route('/tutor/chat', chatRoutes(tutor))
    .route(
      '/tutor/turn',
      turnRoutes({
        work: {
          tutor,
          scoring: new ScoringClient(turn.scoringUrl.replace(/\/+$/, ''), turn.scoringFetch),
          writes: new KeyedQueue(),
          scores: new Coalescer<ScoredTurn>(),
          clock: turn.clock ?? (() => new Date()),
        },
        background: turn.background,
        apiUrl: turn.apiUrl.replace(/\/+$/, ''),
        apiFetch: turn.apiFetch,
        keepAliveMs: turn.keepAliveMs,
      }),
    )
}

export type ChatWorkerApp = ReturnType<typeof createChatWorkerApp>
