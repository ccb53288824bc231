import pg from 'pg'
import type { Db, Row } from './db.js'

export type PgOptions = {
  connectionString: string
  /** `require` verifies nothing but encrypts (as RDS needs); `verify` also checks the certificate. */
  ssl?: 'disable' | 'require' | 'verify'
  max?: number
}

/** A `pg` pool against any PostgreSQL (RDS in AWS). The pool is created once and reused, e.g. across Lambda calls. */
export function openPg(opts: PgOptions): Db & { pool: pg.Pool } {
  const ssl = opts.ssl === 'require' ? { rejectUnauthorized: false } : opts.ssl === 'verify' ? true : undefined
  const pool = new pg.Pool({ connectionString: opts.connectionString, ssl, max: opts.max ?? 10 })
  // An idle client whose server went away (a failover, a restart) is dropped and replaced by the pool; without a
  // listener its 'error' event would crash the process.
  pool.on('error', () => {})
  return {
    kind: 'pg',
    pool,
    async query<T extends Row>(sql: string, params?: unknown[]) {
      return (await pool.query<T>(sql, params as unknown[])).rows
    },
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn({
          async query<T extends Row>(sql: string, params?: unknown[]) {
            return (await client.query<T>(sql, params as unknown[])).rows
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
