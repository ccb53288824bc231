import { createBaseApp, errorResponse, type Logger, limitBody, type Metrics } from '@parley/core'
import type { Db } from '@parley/db'
import { cors } from 'hono/cors'
import { Counter } from 'prom-client'
import { type Clock, systemClock } from './clock.js'
import type { CodeSender } from './delivery/code-sender.js'
import { attemptsStore, nowDate, type Pool, type PoolSettings, poolStores } from './pool.js'
import { AMZ_JSON, cognitoEndpoint, type OperationObserver } from './protocol/endpoint.js'
import { CognitoError } from './protocol/errors.js'
import { type Argon2Cost, passwordHasher } from './security/passwords.js'
import { type TokenSettings, tokenIssuer } from './tokens/issuer.js'
import type { KeyRing } from './tokens/key-ring.js'

export type IdentitySettings = PoolSettings &
  TokenSettings & {
    argon2: Argon2Cost
    throttleWindowS: number
    /** proxy-addr trust list: peers whose X-Forwarded-For names the real client (e.g. `loopback`, a CIDR). */
    trustedProxies: string[]
    corsOrigins: string[]
  }

export type IdentityDeps = {
  db: Db
  log: Logger
  metrics?: Metrics
  clock?: Clock
  keys: KeyRing
  sender: CodeSender
  settings: IdentitySettings
}

// Cognito's request size limit is far larger than anything these operations need.
const MAX_BODY_BYTES = 64 * 1024

/** The identity service: the Cognito user-pool JSON protocol on `POST /`, plus JWKS and OIDC discovery. */
export function createIdentityApp(deps: IdentityDeps) {
  const { settings, log } = deps
  const clock = deps.clock ?? systemClock
  const windowMs = settings.throttleWindowS * 1000
  const pool: Pool = {
    db: deps.db,
    log,
    clock,
    settings,
    ...poolStores(deps.db),
    hasher: passwordHasher(settings.argon2),
    tokens: tokenIssuer({ keys: deps.keys, clock, settings }),
    sender: deps.sender,
    attempts: attemptsStore(deps.db, clock, windowMs),
  }
  const wellKnown = `/${settings.poolId}/.well-known`

  const app = createBaseApp({ log, metrics: deps.metrics })
  app.onError((err, c) =>
    err instanceof CognitoError
      ? c.body(JSON.stringify({ __type: err.type, message: err.message }), 400, {
          'content-type': AMZ_JSON,
          'x-amzn-errortype': err.type,
        })
      : errorResponse(err, c, log),
  )
  app.use(
    cors({
      origin: settings.corsOrigins.includes('*') ? '*' : settings.corsOrigins,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: [
        'content-type',
        'x-amz-target',
        'x-amz-user-agent',
        'x-amz-date',
        'authorization',
        'amz-sdk-invocation-id',
        'amz-sdk-request',
        'cache-control',
      ],
      exposeHeaders: ['x-amzn-requestid', 'x-amzn-errortype', 'x-request-id'],
      maxAge: 600,
    }),
  )

  return (
    app
      .get(`${wellKnown}/jwks.json`, async (c) =>
        c.json(await deps.keys.jwks(), 200, { 'cache-control': 'public, max-age=300' }),
      )
      .get(`${wellKnown}/openid-configuration`, (c) => {
        const issuer = settings.issuer()
        return c.json({
          issuer,
          jwks_uri: `${issuer}/.well-known/jwks.json`,
          id_token_signing_alg_values_supported: ['RS256'],
          subject_types_supported: ['public'],
          scopes_supported: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
          claims_supported: [
            'sub',
            'email',
            'email_verified',
            'name',
            'cognito:username',
            'cognito:groups',
            'auth_time',
            'origin_jti',
            'event_id',
          ],
          token_endpoint_auth_methods_supported: ['none'],
        })
      })
      // The revoked sessions whose tokens may still be unexpired, for the verifiers in @parley/auth (gateway, api,
      // web). Session ids are random and useless without their tokens, so the list is public like the JWKS.
      .get(`/${settings.poolId}/revocations`, async (c) =>
        c.json({ revoked: await pool.revocations.live(nowDate(pool)) }, 200, { 'cache-control': 'no-store' }),
      )
      .post(
        '/',
        limitBody(MAX_BODY_BYTES),
        cognitoEndpoint(pool, { trustedProxies: settings.trustedProxies, observe: observer(deps.metrics) }),
      )
  )
}

export type IdentityApp = ReturnType<typeof createIdentityApp>

function observer(metrics: Metrics | undefined): OperationObserver | undefined {
  if (!metrics) return undefined
  const counter = new Counter({
    name: 'identity_operations_total',
    help: 'Cognito operations answered, by operation and outcome (ok or the error type)',
    labelNames: ['op', 'outcome'] as const,
    registers: [metrics.registry],
  })
  return (op, outcome) => counter.inc({ op, outcome })
}
