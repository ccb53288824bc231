import { commonEnv, env } from '@parley/core'
import { z } from 'zod'

/** Cognito's user-pool id format, `<region>_<id>`. */
const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/

/**
 * Environment of the identity service. The pool and client ids are stable embedded defaults, so that tests,
 * scripts and the web app can rely on them without reading any output.
 */
export const identityEnv = {
  ...commonEnv,
  IDENTITY_PORT: env.port(8082),
  DATABASE_URL: z.string().optional(),
  /** Cognito-style pool id; the issuer is `<public URL>/<pool id>`. */
  IDENTITY_POOL_ID: z.string().regex(POOL_ID, 'expected <region>_<id>').default('us-east-1_PaRlEyDev'),
  /** App client id: 26 lowercase alphanumerics, as Cognito's are. */
  IDENTITY_CLIENT_ID: z
    .string()
    .regex(/^[\w+]{1,128}$/, 'expected letters and digits')
    .default('parleyembeddedclient000001'),
  /** Base URL that clients reach this service at; unset = the URL it listens on. */
  IDENTITY_PUBLIC_URL: env.url().optional(),
  /** Confirm sign-ups without a code; off by default, so that an admin or the emailed code confirms (demos: true). */
  IDENTITY_AUTO_CONFIRM: env.bool(false),
  /** ID and access tokens are short-lived: a revoked session's tokens are refused by the verifiers' revocation
   * list, and die by themselves soon after anyway. */
  IDENTITY_ID_TOKEN_TTL_S: env.int(600, 60),
  IDENTITY_ACCESS_TOKEN_TTL_S: env.int(600, 60),
  IDENTITY_REFRESH_TOKEN_TTL_S: env.int(30 * 24 * 3600, 60),
  IDENTITY_PASSWORD_MIN_LENGTH: env.int(8, 6),
  IDENTITY_PASSWORD_REQUIRE_UPPERCASE: env.bool(true),
  IDENTITY_PASSWORD_REQUIRE_LOWERCASE: env.bool(true),
  IDENTITY_PASSWORD_REQUIRE_DIGIT: env.bool(true),
  IDENTITY_PASSWORD_REQUIRE_SYMBOL: env.bool(true),
  /** Failed sign-ins or code checks allowed per user, then per client IP, within the window. */
  IDENTITY_MAX_FAILURES_PER_USER: env.int(5, 1),
  IDENTITY_MAX_FAILURES_PER_IP: env.int(50, 1),
  IDENTITY_THROTTLE_WINDOW_S: env.int(900, 1),
  /** Codes sent per user within the throttle window (ResendConfirmationCode, ForgotPassword). */
  IDENTITY_MAX_CODES_PER_USER: env.int(5, 1),
  /** Sign-ups accepted per client IP within the throttle window. */
  IDENTITY_MAX_SIGNUPS_PER_IP: env.int(10, 1),
  /** Encrypts signing keys at rest; unset = a random secret kept in `$PARLEY_DATA_DIR/identity/key-secret`. */
  IDENTITY_KEY_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
  /** SigV4 credentials for Admin* operations; unset = Admin* operations are refused over HTTP. */
  IDENTITY_ADMIN_ACCESS_KEY_ID: z.string().min(1).optional(),
  IDENTITY_ADMIN_SECRET_ACCESS_KEY: z.string().min(16, 'use at least 16 characters').optional(),
  /** Peers trusted to name the client in X-Forwarded-For (proxy-addr syntax: `loopback`, IPs, CIDRs); none by default. */
  IDENTITY_TRUSTED_PROXIES: env.list([]),
  /** Refuse passwords on the common-password list (@zxcvbn-ts/language-common, ~49,000 entries). */
  IDENTITY_PASSWORD_REFUSE_COMMON: env.bool(true),
  IDENTITY_CORS_ORIGINS: env.list(['*']),
  /** argon2id cost; the defaults are OWASP's (19 MiB, 2 passes). */
  IDENTITY_ARGON2_MEMORY_KIB: env.int(19_456, 1024),
  IDENTITY_ARGON2_TIME_COST: env.int(2, 1),
}

export type IdentityConfig = z.infer<z.ZodObject<typeof identityEnv>>
