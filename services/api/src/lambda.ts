import { createLogger, loadConfig } from '@parley/core'
import { handle } from 'hono/aws-lambda'
import { createApiApp } from './app.js'
import { apiEnv, limitsFromConfig } from './config.js'
import { openApiDb, verifierFromConfig } from './dependencies.js'
import { normalizeEventPath } from './lambda-path.js'

type LambdaHandler = ReturnType<typeof handle>

// Built on the first invocation and kept for the life of the Lambda instance: the pg pool, the JWKS cache and the
// migration check are paid once per cold start, not per request. A failed start is retried on the next call.
let ready: Promise<LambdaHandler> | undefined

async function build(): Promise<LambdaHandler> {
  const config = loadConfig(apiEnv)
  const log = createLogger({ name: 'api', level: config.LOG_LEVEL })
  const db = await openApiDb(config)
  const app = createApiApp({ db, log, verifier: verifierFromConfig(config), limits: limitsFromConfig(config) })
  return handle(app)
}

type LambdaResult = Awaited<ReturnType<LambdaHandler>>

/** GET /healthz, the one route the API Gateway leaves open: the gateway in front polls it without a token. */
function isHealthCheck(event: Parameters<LambdaHandler>[0]): boolean {
  return 'routeKey' in event && event.routeKey === 'GET /healthz'
}

/** API Gateway REST (v1) and HTTP API (v2) events, through Hono's adapter. */
export const handler: LambdaHandler = async (event, context) => {
  ready ??= build().catch((err) => {
    ready = undefined
    throw err
  })
  const app = await ready
  // Healthy means the start succeeded: the database is reachable and migrated (a failed start throws above).
  if (isHealthCheck(event)) {
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}' } as LambdaResult
  }
  return app(normalizeEventPath(event), context)
}
