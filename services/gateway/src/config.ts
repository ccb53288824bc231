import { commonEnv, env, loadConfig } from '@parley/core'
import { z } from 'zod'
import { STRATEGY_NAMES } from './strategies/index.js'
import { readTopologyFile, type Topology, topologyFromEnv } from './topology.js'

/**
 * The gateway's environment. The topology itself comes from GATEWAY_CONFIG (a JSON file) or, without it, from
 * GATEWAY_API_URLS, GATEWAY_REGIONS and GATEWAY_<REGION>_{LLM,CHAT,SCORING}_URLS (see topology.ts).
 */
export const gatewayEnv = {
  ...commonEnv,
  PORT: env.port(8080),
  GATEWAY_CONFIG: z.string().optional(),
  // The AUTH_* names and defaults are the api's, so one setting serves both and the embedded identity pool works.
  /** Expected `iss` of tokens: Cognito's `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  AUTH_ISSUER: env.url().default('http://127.0.0.1:8082/us-east-1_PaRlEyDev'),
  /** Signing keys; unset = `<AUTH_ISSUER>/.well-known/jwks.json`. */
  AUTH_JWKS_URL: env.url().optional(),
  /** Parley identity's revoked sessions (`<issuer>/revocations`); unset = no revocation list (as with Cognito). */
  AUTH_REVOCATIONS_URL: env.url().optional(),
  /** App client ids whose tokens are accepted, comma-separated. */
  AUTH_CLIENT_IDS: env
    .list(['parleyembeddedclient000001'])
    .refine((ids) => ids.length > 0, 'name at least one client id'),
  GATEWAY_HOME_REGION: z.string().optional(),
  GATEWAY_CORS_ORIGINS: env.list(['*']),
  GATEWAY_FAILOVER: env.bool(true),
  GATEWAY_STRATEGY: z.enum(STRATEGY_NAMES).default('least-outstanding'),
  GATEWAY_ATTEMPTS_PER_REGION: env.int(3, 1),
  GATEWAY_HEALTH_INTERVAL_MS: env.int(5_000),
  GATEWAY_HEALTH_TIMEOUT_MS: env.int(2_000, 1),
  GATEWAY_EJECT_AFTER_FAILURES: env.int(3, 1),
  GATEWAY_EJECT_COOLDOWN_MS: env.int(10_000),
  GATEWAY_CONNECT_TIMEOUT_MS: env.int(2_000, 1),
  GATEWAY_FIRST_BYTE_TIMEOUT_MS: env.int(120_000, 1),
  GATEWAY_IDLE_TIMEOUT_MS: env.int(30_000, 1),
  GATEWAY_MAX_BODY_BYTES: env.int(1_048_576, 1),
  GATEWAY_RATE_PER_SECOND: env.number(10),
  GATEWAY_RATE_BURST: env.int(60, 1),
  GATEWAY_MAX_CONCURRENT_PER_USER: env.int(8, 1),
  /** Internal listener for /metrics (Prometheus); unset = /metrics on the public port, admin tokens only. */
  GATEWAY_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  GATEWAY_METRICS_HOST: env.string('127.0.0.1'),
  /** The user pool the admin API manages (Cognito's `<region>_<id>`); unset = /admin/users answers 503. */
  GATEWAY_IDENTITY_POOL_ID: z.string().min(1).optional(),
  /** The pool's endpoint (Parley's identity service); unset = Cognito's own for the pool's region. */
  GATEWAY_IDENTITY_ENDPOINT: env.url().optional(),
  /** Keys that sign the Admin* calls; unset = the AWS SDK's default chain (an instance role on AWS). */
  GATEWAY_IDENTITY_ACCESS_KEY_ID: z.string().min(1).optional(),
  GATEWAY_IDENTITY_SECRET_ACCESS_KEY: z.string().min(1).optional(),
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>

/** Parses the environment once, with the topology from the file when one is named, else from the variables. */
export function loadGatewayConfig(vars: Record<string, string | undefined> = process.env) {
  const config = loadConfig(gatewayEnv, vars)
  const topology: Topology = config.GATEWAY_CONFIG ? readTopologyFile(config.GATEWAY_CONFIG) : topologyFromEnv(vars)
  return { ...config, topology }
}
