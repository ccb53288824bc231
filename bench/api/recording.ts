import type { Db, Queryable, Row } from '@parley/db'

/** One SQL statement an API request issued, and whether it ran inside the request's transaction. */
export type Statement = { sql: string; params: unknown[]; tx: boolean }

/** Wraps a Db so the statements an API call issued (inside transactions too) can be replayed on the raw driver. */
export function recording(db: Db) {
  const seen: Statement[] = []
  const recorded = (q: Queryable, tx: boolean): Queryable => ({
    query<T extends Row>(sql: string, params?: unknown[]) {
      seen.push({ sql, params: params ?? [], tx })
      return q.query<T>(sql, params)
    },
  })
  const wrapped: Db = {
    kind: db.kind,
    ...recorded(db, false),
    transaction: (fn) => db.transaction((tx) => fn(recorded(tx, true))),
    close: () => db.close(),
  }
  return { db: wrapped, take: () => seen.splice(0) }
}

/** Runs the statements of one request on `db` as the request did: plain ones alone, the rest in one transaction. */
export async function replay(db: Db, statements: Statement[]): Promise<void> {
  const plain = statements.filter((s) => !s.tx)
  const inTx = statements.filter((s) => s.tx)
  for (const s of plain) await db.query(s.sql, s.params)
  if (inTx.length)
    await db.transaction(async (tx) => {
      for (const s of inTx) await tx.query(s.sql, s.params)
    })
}
