import { join } from 'node:path'
import type { Db } from './db.js'
import { openPg } from './pg.js'
import { openPgliteThread } from './pglite-thread-db.js'

export type DbConfig = {
  /** `postgres://…`; without it, PGlite stores its data under `dataDir/db`. */
  databaseUrl?: string
  dataDir: string
  ssl?: 'disable' | 'require' | 'verify'
}

/**
 * PostgreSQL when a URL is given; otherwise PGlite in its own worker thread (the one owner of `dataDir/db`), so its
 * WASM does not share the event loop with the HTTP servers of the stack (docs/api.md, Performance).
 */
export async function openDb(cfg: DbConfig): Promise<Db> {
  if (cfg.databaseUrl) return openPg({ connectionString: cfg.databaseUrl, ssl: cfg.ssl })
  return openPgliteThread(cfg.dataDir === 'memory://' ? 'memory://' : join(cfg.dataDir, 'db'))
}
