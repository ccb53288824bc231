import { z } from 'zod'

/** A comma-separated list; empty = none. */
const commaList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )

/**
 * The web app's environment variables (names, defaults). Plain zod so that both the Node entry point (through
 * core's `loadConfig`) and the Next route handlers can parse it without pulling the service runtime into the bundle.
 */
export const webEnv = {
  PARLEY_DATA_DIR: z.string().default('./.parley'),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Port of the Next server; 0 picks a free one. */
  WEB_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The single public origin of the backend: conversations, regions, tutor and scoring. */
  WEB_GATEWAY_URL: z.url().default('http://127.0.0.1:8080'),
  /** Cognito-protocol endpoint: Parley identity, or `https://cognito-idp.<region>.amazonaws.com`. */
  WEB_IDENTITY_ENDPOINT: z.url().default('http://127.0.0.1:8082'),
  WEB_COGNITO_REGION: z.string().min(1).default('us-east-1'),
  /** App client id of the user pool (public client, no secret); the default is Parley identity's embedded one. */
  WEB_COGNITO_CLIENT_ID: z.string().min(1).default('parleyembeddedclient000001'),
  /** Key material for the session cookie; unset means one generated once and kept in $PARLEY_DATA_DIR. */
  WEB_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Region used until the learner picks one. */
  WEB_DEFAULT_REGION: z.string().min(1).default('us-east-1'),
  /** Where confirmation codes go, for the pages' wording: auto = outbox when identity is on loopback, else email. */
  WEB_CODE_DELIVERY: z.enum(['auto', 'email', 'outbox', 'operator']).default('auto'),
  /** How long a temporary chat lives, in seconds from its start (then it is gone, from the server too). */
  WEB_TEMP_TTL_S: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(86_400),
  /** Redis for temporary chats shared by several web instances (`redis://host:6379`); unset = in memory. */
  WEB_TEMP_REDIS_URL: z.string().optional(),
  /** Largest request body the BFF forwards, in bytes. */
  WEB_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** Identity's revoked sessions (`<issuer>/revocations`): a session cookie of a revoked session stops working at
   * once, even if copied. Unset (Cognito) = the session ends when its access token does. */
  WEB_REVOCATIONS_URL: z.url().optional(),
  /** Peers trusted to name the browser in X-Forwarded-For (proxy-addr syntax: `loopback`, IPs, CIDRs); none by
   * default. The browser's address goes on to identity, which keys its per-IP limits on it. */
  WEB_TRUSTED_PROXIES: commaList,
  /** Origins besides the server's own host allowed to make state-changing requests (e.g. `https://parley.example`
   * when a proxy changes the Host header). */
  WEB_ALLOWED_ORIGINS: commaList,
}

export type WebConfig = z.infer<z.ZodObject<typeof webEnv>>

export function parseWebEnv(env: Record<string, string | undefined>): WebConfig {
  const input: Record<string, string | undefined> = {}
  for (const key of Object.keys(webEnv)) input[key] = env[key] === '' ? undefined : env[key]
  return z.object(webEnv).parse(input)
}
