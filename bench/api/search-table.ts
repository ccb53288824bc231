import type { Db } from '@parley/db'

export const SEARCHER = 'searcher'

/**
 * The search table, generated inside the database (one INSERT … SELECT over generate_series: no rows cross the
 * wire, cheaper than COPY): one user with `userRows` conversations among `rows`. The migration's HNSW index is
 * dropped for the load and built again once after it, as docs/api.md advises for bulk imports, with enough
 * maintenance memory for the graph (beyond it the build slows down many times). Returns the seconds it took.
 */
export async function seedSearchTable(db: Db, rows: number, userRows: number, dim: number): Promise<number> {
  const started = performance.now()
  const [index] = await db.query<{ def: string }>(
    "SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'conversations_embedding_hnsw'",
  )
  if (!index) throw new Error('the migration made no conversations_embedding_hnsw index')
  await db.query('DROP INDEX conversations_embedding_hnsw')
  await db.query(
    `INSERT INTO conversations (id, user_id, title, conversation, embedding, created_at, updated_at)
     SELECT md5('s' || g)::uuid, CASE WHEN g < $1 THEN '${SEARCHER}' ELSE 'other-' || (g % 50) END,
            'Seeded talk ' || g, '[]'::jsonb,
            (SELECT array_agg(sin(g * 7 + i))::real[]::vector FROM generate_series(0, ${dim - 1}) i),
            now(), now()
     FROM generate_series(0, $2::int - 1) g`,
    [userRows, rows],
  )
  await db.transaction(async (tx) => {
    await tx.query(`SET LOCAL maintenance_work_mem = '${db.kind === 'pg' ? '1GB' : '256MB'}'`)
    await tx.query(index.def)
  })
  await db.query('ANALYZE conversations')
  return (performance.now() - started) / 1000
}
