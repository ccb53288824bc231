import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from './db.js'

export type Migration = { id: string; sql: string }

/** Reads `NNNN_name.sql` files from a folder, in name order, with ids namespaced so services never collide. */
export function loadMigrations(dir: string, namespace: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: `${namespace}/${f.replace(/\.sql$/, '')}`, sql: readFileSync(join(dir, f), 'utf8') }))
}

// One fixed key for every Parley migration, so concurrent starters (several Lambdas, workers) queue on one lock.
const LOCK_KEY = 7_331_001

/**
 * Applies the migrations not yet recorded, each in its own transaction under a transaction-level advisory lock.
 * `{{NAME}}` placeholders in the SQL take values from `vars` (for settings such as the embedding dimension).
 */
export async function migrate(db: Db, migrations: Migration[], vars: Record<string, string | number> = {}) {
  await db.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  )
  const applied: string[] = []
  for (const m of migrations) {
    const sql = m.sql.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      if (!(name in vars)) throw new Error(`Migration ${m.id} needs the value {{${name}}}`)
      return String(vars[name])
    })
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY])
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE id = $1', [m.id])
      if (done.length > 0) return false
      for (const statement of splitStatements(sql)) await tx.query(statement)
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [m.id])
      return true
    })
    if (ran) applied.push(m.id)
  }
  return applied
}

/** Splits a migration into statements (extended-protocol queries take one statement each). No `;` inside strings. */
function splitStatements(sql: string): string[] {
  return sql
    .replace(/--.*$/gm, '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
}
