import type { JwtVerifier } from '@parley/auth'
import { createBaseApp, type Logger, type Metrics } from '@parley/core'
import { createConversationRepo, type Db } from '@parley/db'
import type { ApiLimits } from './config.js'
import { guardDataErrors } from './data-errors.js'
import { conversationRoutes } from './routes/conversations.js'

export type ApiDeps = {
  db: Db
  verifier: JwtVerifier
  limits: ApiLimits
  log: Logger
  metrics?: Metrics
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  now?: () => number
}

/** The conversations API: the same app serves Node (`parley api`), the embedded stack and Lambda. */
export function createApiApp(deps: ApiDeps) {
  const routes = conversationRoutes({
    repo: guardDataErrors(createConversationRepo(deps.db)),
    verifier: deps.verifier,
    limits: deps.limits,
    now: deps.now ?? Date.now,
  })
  return createBaseApp(deps).route('/conversations', routes)
}

export type ApiApp = ReturnType<typeof createApiApp>
