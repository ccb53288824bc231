import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import type { Db, Queryable, Row } from './db.js'

/** PGlite with pgvector. `dir` is a data directory, or `memory://` for a throwaway database. */
export async function openPglite(dir: string): Promise<Db & { pglite: PGlite }> {
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true })
  const pglite = await PGlite.create(dir, { extensions: { vector } })
  await pglite.exec('CREATE EXTENSION IF NOT EXISTS vector')
  const asQueryable = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<T extends Row>(sql: string, params?: unknown[]) {
      return (await q.query<T>(sql, params)).rows
    },
  })
  return {
    kind: 'pglite',
    pglite,
    ...asQueryable(pglite),
    transaction: (fn) => pglite.transaction((tx) => fn(asQueryable(tx))),
    close: () => pglite.close(),
  }
}
