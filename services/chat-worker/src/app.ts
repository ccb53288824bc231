import { type BaseDeps, createBaseApp, type Metrics } from '@parley/core'
import type { LlmPool } from './llm.js'
import { createChatMetrics } from './metrics.js'
import { chatRoutes } from './routes/chat.js'
import { scenarioRoutes } from './routes/scenarios.js'
import type { ScenarioCatalogue } from './scenarios.js'
import type { TutorSettings } from './settings.js'
import { Summariser } from './summariser.js'
import { TokenRatios } from './tokens.js'

export type ChatWorkerDeps = BaseDeps & {
  metrics: Metrics
  pool: LlmPool
  scenarios: ScenarioCatalogue
  settings: TutorSettings
  /** Milliseconds clock for the timings in `done`; injectable for tests. */
  now?: () => number
}

/** The chat worker: the tutor's streamed replies and the scenario catalogue. */
export function createChatWorkerApp(deps: ChatWorkerDeps) {
  const { log, pool, settings } = deps
  const summariser = new Summariser({
    pool,
    log,
    tutorName: settings.tutorName,
    timeoutMs: settings.summaryTimeoutMs,
  })
  return createBaseApp(deps)
    .route('/tutor/scenarios', scenarioRoutes(deps.scenarios))
    .route(
      '/tutor/chat',
      chatRoutes({
        log,
        pool,
        scenarios: deps.scenarios,
        summariser,
        tokenRatios: new TokenRatios(),
        settings,
        chatMetrics: createChatMetrics(deps.metrics),
        now: deps.now ?? (() => performance.now()),
      }),
    )
}

export type ChatWorkerApp = ReturnType<typeof createChatWorkerApp>
