import { commonEnv, env } from '@parley/core'
import { z } from 'zod'

/**
 * Environment of the conversations API. The auth defaults match the identity service's embedded pool and client,
 * so `parley start` works offline; on AWS they name the Cognito user pool and its app clients.
 */
export const apiEnv = {
  ...commonEnv,
  API_PORT: env.port(8081),
  /** `postgres://…` (RDS on AWS); unset = PGlite in `$PARLEY_DATA_DIR/db`. */
  DATABASE_URL: z.string().optional(),
  /** TLS to PostgreSQL: `require` encrypts (what RDS needs), `verify` also checks the certificate. */
  DATABASE_SSL: z.enum(['disable', 'require', 'verify']).default('disable'),
  /** Connections in the `pg` pool; keep it small (1-2) on Lambda, where each instance holds its own pool. */
  DATABASE_POOL_MAX: env.int(10, 1),
  /** Embedding dimension of `conversations.embedding`; HNSW indexes take at most 2000. */
  EMBED_DIM: z.coerce.number().int().min(1).max(2000).default(768),
  /** Expected `iss` of tokens: Cognito's `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  AUTH_ISSUER: env.url().default('http://127.0.0.1:8082/us-east-1_PaRlEyDev'),
  /** Signing keys; unset = `<AUTH_ISSUER>/.well-known/jwks.json`. */
  AUTH_JWKS_URL: env.url().optional(),
  /** Parley identity's revoked sessions (`<issuer>/revocations`); unset = no revocation list (as with Cognito). */
  AUTH_REVOCATIONS_URL: env.url().optional(),
  /** App client ids whose tokens are accepted (ID token `aud` or access token `client_id`), comma-separated. */
  AUTH_CLIENT_IDS: env
    .list(['parleyembeddedclient000001'])
    .refine((ids) => ids.length > 0, 'name at least one client id'),
  API_MAX_BODY_BYTES: env.int(1_048_576, 1024),
  API_MAX_TITLE_CHARS: env.int(200, 1),
  API_MAX_MESSAGES: env.int(1000, 1),
  /** Page size of GET /conversations/{uid} when `?limit=` is not given, and the largest `limit` accepted. */
  API_LIST_DEFAULT_LIMIT: env.int(100, 1),
  API_LIST_MAX_LIMIT: env.int(1000, 1),
}

export type ApiConfig = z.infer<z.ZodObject<typeof apiEnv>>

/** What the routes enforce, separated from where it came from so tests can set it directly. */
export type ApiLimits = {
  embedDim: number
  maxBodyBytes: number
  maxTitleChars: number
  maxMessages: number
  listDefaultLimit: number
  listMaxLimit: number
  searchMaxLimit: number
}

export function limitsFromConfig(config: ApiConfig): ApiLimits {
  return {
    embedDim: config.EMBED_DIM,
    maxBodyBytes: config.API_MAX_BODY_BYTES,
    maxTitleChars: config.API_MAX_TITLE_CHARS,
    maxMessages: config.API_MAX_MESSAGES,
    listDefaultLimit: Math.min(config.API_LIST_DEFAULT_LIMIT, config.API_LIST_MAX_LIMIT),
    listMaxLimit: config.API_LIST_MAX_LIMIT,
    searchMaxLimit: 100,
  }
}
