import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createConversationRepo, type Db, migrateConversations, openPg, supportsIterativeScan } from '../src/index.js'
import { type RealPostgres, realPostgresAvailable, startRealPostgres } from '../src/real-postgres.js'

test('iterative scan is used from pgvector 0.8 on', () => {
  expect(['0.6.2', '0.7.4', '0.8.0', '0.8.7', '1.0.0', undefined].map(supportsIterativeScan)).toEqual([
    false,
    false,
    true,
    true,
    true,
    false,
  ])
})

// PGlite ships pgvector 0.8; a real PostgreSQL may have an older one (the pgserver wheel: 0.6.2, which reserves the
// `hnsw.` prefix, so `SET LOCAL hnsw.iterative_scan` there failed every search with a 500).
describe.skipIf(!realPostgresAvailable() && !process.env.CI)('search on a real PostgreSQL 16 + pgvector', () => {
  let server: RealPostgres
  let db: Db
  beforeAll(async () => {
    server = await startRealPostgres()
    db = openPg({ connectionString: server.url, max: 2 })
    await migrateConversations(db, { embedDim: 3 })
  }, 120_000)
  afterAll(async () => {
    await db?.close()
    await server?.stop()
  })

  test('ranks only the caller’s conversations, whatever the pgvector version', async () => {
    const repo = createConversationRepo(db)
    const now = new Date()
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
    await repo.upsert('a', { id: id(1), title: 'x', conversation: [], embedding: [1, 0, 0] }, now)
    await repo.upsert('a', { id: id(2), title: 'y', conversation: [], embedding: [0, 1, 0] }, now)
    await repo.upsert('b', { id: id(3), title: 'b', conversation: [], embedding: [1, 0, 0] }, now)
    const hits = await repo.search('a', [0.8, 0.6, 0], 5)
    expect(hits.map((h) => h.title)).toEqual(['x', 'y'])
    expect(hits[0]?.similarity).toBeCloseTo(0.8, 5)
  })

  test('finds `limit` rows of one user where the planner would walk the HNSW index', async () => {
    // On pgvector < 0.8 an HNSW scan filters by user after the index returned its ef_search candidates: a user
    // owning 1 row in 40 got a handful of rows, or none. One connection, so the planner settings below apply.
    const one = openPg({ connectionString: server.url, max: 1 })
    try {
      await one.query(
        `INSERT INTO conversations (id, user_id, title, conversation, embedding, created_at, updated_at)
         SELECT gen_random_uuid(), 'bulk-' || (i % 40), 't', '[]',
                ARRAY[random() + 0.01, random(), random()]::real[]::vector, now(), now()
         FROM generate_series(1, 4000) AS i`,
      )
      await one.query('ANALYZE conversations')
      await one.query('SET enable_bitmapscan = off')
      await one.query('SET enable_sort = off')
      const plan = await one.query(
        "EXPLAIN SELECT id FROM conversations WHERE user_id = 'bulk-7' ORDER BY embedding <=> '[1,0,0]' LIMIT 20",
      )
      expect(JSON.stringify(plan)).toContain('conversations_embedding_hnsw')
      const hits = await createConversationRepo(one).search('bulk-7', [1, 0, 0], 20)
      expect(hits).toHaveLength(20)
      expect(new Set(hits.map((h) => h.user_id))).toEqual(new Set(['bulk-7']))
      const similarities = hits.map((h) => h.similarity)
      expect(similarities).toEqual([...similarities].sort((a, b) => b - a))
    } finally {
      await one.close()
    }
  })
})
