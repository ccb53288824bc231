import { createJwtVerifier, type JwtVerifier, requireAuth } from '@parley/auth'
import { createLogger, createMetrics, type Logger, type RunningService, serveApp } from '@parley/core'
import { requireAdmin } from './access-rules.js'
import { type UserDirectory, userDirectory } from './admin/users.js'
import { createGatewayApp } from './app.js'
import type { Clock } from './clock.js'
import { systemClock } from './clock.js'
import type { GatewayConfig } from './config.js'
import { HealthChecker } from './health-checker.js'
import { gatewayMetrics } from './metrics.js'
import { parseTopology, type Topology } from './topology.js'
import { Upstreams } from './upstreams.js'

export type GatewayOverrides = {
  log?: Logger
  /** The embedded stack builds its topology in-process instead of reading it from a file or the environment. */
  topology?: Topology
  verifier?: JwtVerifier
  clock?: Clock
}

export type RunningGateway = RunningService & { upstreams: Upstreams }

function verifierFrom(config: GatewayConfig): JwtVerifier {
  return createJwtVerifier({
    jwksUrl: config.AUTH_JWKS_URL ?? `${config.AUTH_ISSUER}/.well-known/jwks.json`,
    issuer: config.AUTH_ISSUER,
    clientIds: config.AUTH_CLIENT_IDS,
    revocationsUrl: config.AUTH_REVOCATIONS_URL,
  })
}

function usersFrom(config: GatewayConfig): UserDirectory | undefined {
  if (!config.GATEWAY_IDENTITY_POOL_ID) return undefined
  const keyId = config.GATEWAY_IDENTITY_ACCESS_KEY_ID
  const secret = config.GATEWAY_IDENTITY_SECRET_ACCESS_KEY
  return userDirectory({
    poolId: config.GATEWAY_IDENTITY_POOL_ID,
    endpoint: config.GATEWAY_IDENTITY_ENDPOINT,
    credentials: keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret } : undefined,
  })
}

/** Builds the pools, runs a first health-check round, then serves the gateway until `close()`. */
export async function startGateway(config: GatewayConfig, overrides: GatewayOverrides = {}): Promise<RunningGateway> {
  const log = overrides.log ?? createLogger({ name: 'gateway', level: config.LOG_LEVEL })
  const clock = overrides.clock ?? systemClock
  const topology = overrides.topology ? parseTopology(overrides.topology) : config.topology
  const verifier = overrides.verifier ?? verifierFrom(config)
  const upstreams = new Upstreams(
    topology,
    config.GATEWAY_STRATEGY,
    { ejectAfterFailures: config.GATEWAY_EJECT_AFTER_FAILURES, cooldownMs: config.GATEWAY_EJECT_COOLDOWN_MS },
    clock,
    config.GATEWAY_HOME_REGION,
  )
  const metrics = createMetrics('gateway')
  const health = new HealthChecker(
    upstreams.allWorkers(),
    { intervalMs: config.GATEWAY_HEALTH_INTERVAL_MS, timeoutMs: config.GATEWAY_HEALTH_TIMEOUT_MS },
    log,
  )
  await health.start()

  const users = usersFrom(config)
  const app = createGatewayApp({
    users,
    log,
    metrics,
    upstreams,
    verifier,
    clock,
    corsOrigins: config.GATEWAY_CORS_ORIGINS,
    limits: {
      maxBodyBytes: config.GATEWAY_MAX_BODY_BYTES,
      maxConcurrentPerUser: config.GATEWAY_MAX_CONCURRENT_PER_USER,
      rate: { ratePerSecond: config.GATEWAY_RATE_PER_SECOND, burst: config.GATEWAY_RATE_BURST },
    },
    forwarding: {
      log,
      metrics: gatewayMetrics(metrics.registry, upstreams),
      failover: config.GATEWAY_FAILOVER,
      attemptsPerRegion: config.GATEWAY_ATTEMPTS_PER_REGION,
      timeouts: {
        connectMs: config.GATEWAY_CONNECT_TIMEOUT_MS,
        firstByteMs: config.GATEWAY_FIRST_BYTE_TIMEOUT_MS,
        idleMs: config.GATEWAY_IDLE_TIMEOUT_MS,
      },
    },
  })
  const running = await serveApp({
    name: 'gateway',
    app,
    log,
    metrics,
    port: config.PORT,
    host: config.HOST,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    // The gateway is the public origin: its metrics (worker URLs, traffic) go to an internal port, or to admins.
    metricsPort: config.GATEWAY_METRICS_PORT,
    metricsHost: config.GATEWAY_METRICS_HOST,
    metricsGuard: requireAdmin(requireAuth(verifier)),
    health: () => ({ regions: upstreams.regionNames }),
    onClose: async () => {
      health.stop()
      users?.close()
    },
  })
  return { ...running, upstreams }
}
