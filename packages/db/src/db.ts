/** The one database interface every service uses; PGlite (embedded) and `pg` (any PostgreSQL) both implement it. */
export type Row = Record<string, unknown>

export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'pg'
  /** Runs `fn` in one transaction on one connection; it rolls back if `fn` throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}
