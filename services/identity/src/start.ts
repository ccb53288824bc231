import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConfigError, createLogger, createMetrics, type Logger, type RunningService, serveApp } from '@parley/core'
import { type Db, loadMigrations, migrate, openDb } from '@parley/db'
import { createIdentityApp, type IdentitySettings } from './app.js'
import { type Clock, systemClock } from './clock.js'
import type { IdentityConfig } from './config.js'
import { type CodeSender, outboxSender } from './delivery/code-sender.js'
import { resolveKeySecret } from './key-secret.js'
import { localAdminCredentials, recordService } from './local-admin.js'
import { startPruning } from './maintenance.js'
import { keyEncryption } from './tokens/key-encryption.js'
import { type KeyRing, keyRing } from './tokens/key-ring.js'

export const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url))

// Verifiers accept this much clock skew on exp, so a revoked session stays listed that much longer.
export const MAX_CLOCK_SKEW_S = 60

export type IdentityOverrides = { db?: Db; clock?: Clock; sender?: CodeSender; log?: Logger }

export type RunningIdentity = RunningService & {
  poolId: string
  clientId: string
  issuer: string
  jwksUrl: string
  /** The revoked sessions, for the verifiers' AUTH_REVOCATIONS_URL. */
  revocationsUrl: string
}

/** `$PARLEY_DATA_DIR/outbox`; a throwaway in-memory setup writes to the system's temp folder instead. */
const outboxDir = (dataDir: string) =>
  dataDir.startsWith('memory://') ? join(tmpdir(), 'parley-outbox') : join(dataDir, 'outbox')

/** Turns the parsed environment into the app's settings; `issuer` is read lazily, once the URL is known. */
export function identitySettings(config: IdentityConfig, issuer: () => string): IdentitySettings {
  const keyId = config.IDENTITY_ADMIN_ACCESS_KEY_ID
  const secret = config.IDENTITY_ADMIN_SECRET_ACCESS_KEY
  // Half a credential would silently disable Admin* calls; say so at start instead.
  if (Boolean(keyId) !== Boolean(secret)) {
    const missing = keyId ? 'IDENTITY_ADMIN_SECRET_ACCESS_KEY' : 'IDENTITY_ADMIN_ACCESS_KEY_ID'
    throw new ConfigError([{ variable: missing, problem: 'set both admin variables, or neither' }])
  }
  const configured = keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret } : undefined
  const admin = localAdminCredentials(config.PARLEY_DATA_DIR, configured)
  return {
    poolId: config.IDENTITY_POOL_ID,
    clientId: config.IDENTITY_CLIENT_ID,
    issuer,
    autoConfirm: config.IDENTITY_AUTO_CONFIRM,
    idTtlS: config.IDENTITY_ID_TOKEN_TTL_S,
    accessTtlS: config.IDENTITY_ACCESS_TOKEN_TTL_S,
    refreshTtlS: config.IDENTITY_REFRESH_TOKEN_TTL_S,
    passwordPolicy: {
      minLength: config.IDENTITY_PASSWORD_MIN_LENGTH,
      requireUppercase: config.IDENTITY_PASSWORD_REQUIRE_UPPERCASE,
      requireLowercase: config.IDENTITY_PASSWORD_REQUIRE_LOWERCASE,
      requireDigit: config.IDENTITY_PASSWORD_REQUIRE_DIGIT,
      requireSymbol: config.IDENTITY_PASSWORD_REQUIRE_SYMBOL,
      refuseCommon: config.IDENTITY_PASSWORD_REFUSE_COMMON,
    },
    maxFailuresPerUser: config.IDENTITY_MAX_FAILURES_PER_USER,
    maxFailuresPerIp: config.IDENTITY_MAX_FAILURES_PER_IP,
    maxCodesPerUser: config.IDENTITY_MAX_CODES_PER_USER,
    maxSignUpsPerIp: config.IDENTITY_MAX_SIGNUPS_PER_IP,
    revocationTtlS: Math.max(config.IDENTITY_ID_TOKEN_TTL_S, config.IDENTITY_ACCESS_TOKEN_TTL_S) + MAX_CLOCK_SKEW_S,
    throttleWindowS: config.IDENTITY_THROTTLE_WINDOW_S,
    argon2: { memoryKib: config.IDENTITY_ARGON2_MEMORY_KIB, timeCost: config.IDENTITY_ARGON2_TIME_COST },
    trustedProxies: config.IDENTITY_TRUSTED_PROXIES,
    corsOrigins: config.IDENTITY_CORS_ORIGINS,
    admin,
  }
}

/** Opens the database (unless one is given), applies the identity migrations and loads the signing keys. */
export async function openIdentityStorage(config: IdentityConfig, overrides: IdentityOverrides = {}) {
  const clock = overrides.clock ?? systemClock
  const db = overrides.db ?? (await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.PARLEY_DATA_DIR }))
  try {
    await migrate(db, loadMigrations(migrationsDir, 'identity'))
    const sealer = keyEncryption(resolveKeySecret(config.IDENTITY_KEY_SECRET, config.PARLEY_DATA_DIR))
    const retainMs = Math.max(config.IDENTITY_ID_TOKEN_TTL_S, config.IDENTITY_ACCESS_TOKEN_TTL_S) * 1000
    const keys: KeyRing = keyRing({ db, clock, sealer, retainMs })
    // Creates the first key on first start, and proves the secret opens the stored one.
    await keys.signingKey()
    const closeDb = overrides.db ? async () => {} : () => db.close()
    return { db, clock, keys, closeDb }
  } catch (err) {
    if (!overrides.db) await db.close().catch(() => {})
    throw err
  }
}

/** Starts the identity service on its own port; `parley start` passes a shared `db`. */
export async function startIdentity(
  config: IdentityConfig,
  overrides: IdentityOverrides = {},
): Promise<RunningIdentity> {
  const log = overrides.log ?? createLogger({ name: 'identity', level: config.LOG_LEVEL })
  const metrics = createMetrics('identity')
  const { db, clock, keys, closeDb } = await openIdentityStorage(config, overrides)
  let publicUrl = config.IDENTITY_PUBLIC_URL?.replace(/\/+$/, '')
  const issuer = () => `${publicUrl}/${config.IDENTITY_POOL_ID}`
  const sender = overrides.sender ?? outboxSender(outboxDir(config.PARLEY_DATA_DIR), log)
  const app = createIdentityApp({ db, log, metrics, clock, keys, sender, settings: identitySettings(config, issuer) })
  const stopPruning = startPruning(db, clock, log, config.IDENTITY_THROTTLE_WINDOW_S * 1000)
  let forgetService = () => {}
  const shutDown = async () => {
    forgetService()
    stopPruning()
    await closeDb()
  }
  const running = await serveApp({
    name: 'identity',
    app,
    log,
    metrics,
    port: config.IDENTITY_PORT,
    host: config.HOST,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    health: async () => {
      await db.query('SELECT 1')
      return { poolId: config.IDENTITY_POOL_ID }
    },
    onClose: shutDown,
  }).catch(async (err: unknown) => {
    await shutDown()
    throw err
  })
  publicUrl ??= running.url
  forgetService = recordService(config.PARLEY_DATA_DIR, {
    url: running.url,
    pid: process.pid,
    poolId: config.IDENTITY_POOL_ID,
  })
  return {
    ...running,
    poolId: config.IDENTITY_POOL_ID,
    clientId: config.IDENTITY_CLIENT_ID,
    issuer: issuer(),
    jwksUrl: `${issuer()}/.well-known/jwks.json`,
    revocationsUrl: `${issuer()}/revocations`,
  }
}
