import { createJwtVerifier, type JwtVerifier } from '@parley/auth'
import { type Db, migrateConversations, openDb, openPg } from '@parley/db'
import type { ApiConfig } from './config.js'

/** Opens the database the config names and brings its schema up to date (once, under the migration lock). */
export async function openApiDb(config: ApiConfig): Promise<Db> {
  const db = config.DATABASE_URL
    ? openPg({ connectionString: config.DATABASE_URL, ssl: config.DATABASE_SSL, max: config.DATABASE_POOL_MAX })
    : await openDb({ dataDir: config.PARLEY_DATA_DIR })
  try {
    await migrateConversations(db, { embedDim: config.EMBED_DIM })
  } catch (err) {
    await db.close()
    throw err
  }
  return db
}

export function verifierFromConfig(config: ApiConfig): JwtVerifier {
  return createJwtVerifier({
    issuer: config.AUTH_ISSUER,
    jwksUrl: config.AUTH_JWKS_URL ?? `${config.AUTH_ISSUER.replace(/\/+$/, '')}/.well-known/jwks.json`,
    clientIds: config.AUTH_CLIENT_IDS,
    revocationsUrl: config.AUTH_REVOCATIONS_URL,
  })
}
