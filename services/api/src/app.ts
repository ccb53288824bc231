import type { JwtVerifier } from '@parley/auth'
import { createBaseApp, type Logger, type Metrics } from '@parley/core'
import { createConversationRepo, createUsageRepo, type Db } from '@parley/db'
import type { ApiLimits } from './config.js'
import { guardDataErrors } from './data-errors.js'
import { conversationRoutes } from './routes/conversations.js'
import { usageRoutes } from './routes/usage.js'

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
  const usage = usageRoutes({
    repo: guardDataErrors(createUsageRepo(deps.db)),
    verifier: deps.verifier,
    now: deps.now ?? Date.now,
  })
  // Usage first: `GET /conversations/{uid}/usage` would otherwise be read as a conversation id.
  // No handler here calls another service or logs, so the request's ids need not ride in AsyncLocalStorage.
  return createBaseApp({ ...deps, asyncContext: false })
    .route('/conversations', usage)
    .route('/conversations', routes)
}

export type ApiApp = ReturnType<typeof createApiApp>
