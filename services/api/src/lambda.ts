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

/** API Gateway REST (v1) and HTTP API (v2) events, through Hono's adapter. */
export const handler: LambdaHandler = async (event, context) => {
  ready ??= build().catch((err) => {
    ready = undefined
    throw err
  })
  return (await ready)(normalizeEventPath(event), context)
}
