import type { JwtVerifier } from '@parley/auth'
import { createLogger, createMetrics, type Logger, type RunningService, serveApp } from '@parley/core'
import { type Db, migrateConversations } from '@parley/db'
import { createApiApp } from './app.js'
import { type ApiConfig, limitsFromConfig } from './config.js'
import { openApiDb, verifierFromConfig } from './dependencies.js'

/** What the embedded stack or a test may hand in instead of having the API open its own. */
export type ApiOverrides = { db?: Db; log?: Logger; verifier?: JwtVerifier; port?: number; now?: () => number }

/**
 * Starts the API on Node. An injected Db (shared with identity in `parley start`) is migrated but left open on
 * close, since its owner closes it.
 */
export async function startApi(config: ApiConfig, overrides: ApiOverrides = {}): Promise<RunningService> {
  const log = overrides.log ?? createLogger({ name: 'api', level: config.LOG_LEVEL })
  const db = overrides.db ?? (await openApiDb(config))
  if (overrides.db) await migrateConversations(db, { embedDim: config.EMBED_DIM })
  const metrics = createMetrics('api')
  const app = createApiApp({
    db,
    log,
    metrics,
    verifier: overrides.verifier ?? verifierFromConfig(config),
    limits: limitsFromConfig(config),
    ...(overrides.now && { now: overrides.now }),
  })
  return serveApp({
    name: 'api',
    app,
    log,
    metrics,
    port: overrides.port ?? config.API_PORT,
    host: config.HOST,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    health: async () => {
      await db.query('SELECT 1')
      return { database: db.kind }
    },
    onClose: overrides.db ? undefined : () => db.close(),
  })
}
