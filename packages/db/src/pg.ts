import pg from 'pg'
import type { Db, Row } from './db.js'

export type PgOptions = {
  connectionString: string
  /** `require` verifies nothing but encrypts (as RDS needs); `verify` also checks the certificate. */
  ssl?: 'disable' | 'require' | 'verify'
  max?: number
  /**
   * Run every statement as a named prepared statement, parsed once per connection instead of on every call (still
   * planned per call: see below). Off by default: a transaction-mode pooler (PgBouncer, RDS
   * Proxy) moves statements between server sessions, and one server session shared by several clients
   * (pglite-socket) sees the same name prepared twice; only for a direct connection to PostgreSQL.
   */
  namedStatements?: boolean
}

/** At most this many distinct SQL texts get a name; any beyond run unnamed (the code has a few dozen). */
const MAX_NAMED = 500

/** Names SQL texts `p1`, `p2`, ... in the order first seen; each connection prepares a name on its first use. */
function statementNames() {
  const names = new Map<string, string>()
  return (text: string): string | undefined => {
    let name = names.get(text)
    if (name === undefined && names.size < MAX_NAMED) {
      name = `p${names.size + 1}`
      names.set(text, name)
    }
    return name
  }
}

/** A `pg` pool against any PostgreSQL (RDS in AWS). The pool is created once and reused, e.g. across Lambda calls. */
export function openPg(opts: PgOptions): Db & { pool: pg.Pool } {
  const ssl = opts.ssl === 'require' ? { rejectUnauthorized: false } : opts.ssl === 'verify' ? true : undefined
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    ssl,
    max: opts.max ?? 10,
    // A named statement saves the parse, but after five runs PostgreSQL may switch it to a generic plan, which for
    // the per-user vector search (plan chosen without knowing the user) took p95 2.4 s at 100k rows instead of
    // 0.1 s; so each run is still planned for its own values.
    ...(opts.namedStatements && { options: '-c plan_cache_mode=force_custom_plan' }),
  })
  // An idle client whose server went away (a failover, a restart) is dropped and replaced by the pool; without a
  // listener its 'error' event would crash the process.
  pool.on('error', () => {})
  const nameOf = opts.namedStatements ? statementNames() : undefined
  const config = (text: string, values?: unknown[]): pg.QueryConfig => {
    const name = nameOf?.(text)
    return name ? { name, text, values: values as unknown[] } : { text, values: values as unknown[] }
  }
  return {
    kind: 'pg',
    pool,
    async query<T extends Row>(sql: string, params?: unknown[]) {
      return (await pool.query<T>(config(sql, params))).rows
    },
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn({
          async query<T extends Row>(sql: string, params?: unknown[]) {
            return (await client.query<T>(config(sql, params))).rows
          },
        })
        await client.query('COMMIT')
        return result
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}
