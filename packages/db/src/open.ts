import { join } from 'node:path'
import type { Db } from './db.js'
import { openPg } from './pg.js'
import { openPglite } from './pglite.js'

export type DbConfig = {
  /** `postgres://…`; without it, PGlite stores its data under `dataDir/db`. */
  databaseUrl?: string
  dataDir: string
  ssl?: 'disable' | 'require' | 'verify'
}

export async function openDb(cfg: DbConfig): Promise<Db> {
  if (cfg.databaseUrl) return openPg({ connectionString: cfg.databaseUrl, ssl: cfg.ssl })
  return openPglite(cfg.dataDir === 'memory://' ? 'memory://' : join(cfg.dataDir, 'db'))
}
