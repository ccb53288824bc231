import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { type ConversationRepo, createConversationRepo, migrateConversations } from '../src/index.js'
import { openTestDb, TEST_DB_KINDS, type TestDb } from '../src/testing.js'

const A = 'user-a'
const B = 'user-b'
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second))
const turns = [{ role: 'user', content: 'Hello', feedback: { issues: [] } }]

describe.each(TEST_DB_KINDS)('conversation repository on %s', (kind) => {
  let db: TestDb
  let repo: ConversationRepo

  beforeAll(async () => {
    db = await openTestDb(kind)
    expect(await migrateConversations(db, { embedDim: 3 })).toEqual([
      'conversations/0001_conversations',
      'conversations/0002_key_per_user',
      'conversations/0003_usage',
    ])
    expect(await migrateConversations(db, { embedDim: 3 })).toEqual([])
    repo = createConversationRepo(db)
  })
  afterAll(() => db.close())
  beforeEach(async () => {
    await db.query('DELETE FROM conversations')
  })

  test('a changed EMBED_DIM is refused at start with a clear message', async () => {
    await expect(migrateConversations(db, { embedDim: 768 })).rejects.toThrow(/dimension 3 but EMBED_DIM is 768/)
  })

  test('upsert inserts, then replaces the whole row for its owner, keeping extra message fields', async () => {
    const first = await repo.upsert(A, { id: id(1), title: 'One', conversation: turns, embedding: [1, 0, 0] }, at(1))
    expect(first).toMatchObject({
      created: true,
      conversation: { title: 'One', conversation: turns },
    })
    // Answered as the literal that was stored, unparsed; the numbers are the ones sent.
    expect(first.conversation.embedding?.text).toBe('[1,0,0]')
    const second = await repo.upsert(A, { id: id(1), title: 'Two', conversation: [] }, at(2))
    expect(second?.created).toBe(false)
    expect(second?.conversation).toMatchObject({ title: 'Two', embedding: null, conversation: [] })
    expect(second?.conversation.created_at).toBe(at(1).toISOString())
    expect(second?.conversation.updated_at).toBe(at(2).toISOString())
  })

  test("another user's id is never overwritten nor visible", async () => {
    await repo.upsert(A, { id: id(1), title: 'Mine', conversation: turns }, at(1))
    expect(await repo.get(B, id(1))).toBeUndefined()
    expect(await repo.update(B, id(1), { title: 'x' }, at(3))).toBeUndefined()
    expect(await repo.delete(B, id(1))).toBe(false)
    expect(await repo.deleteAll(B)).toBe(0)
    // Ids are per user: B's upsert of the same id makes B's own conversation, as for any fresh id.
    const own = await repo.upsert(B, { id: id(1), title: 'Also mine', conversation: [] }, at(2))
    expect(own).toMatchObject({ created: true, conversation: { user_id: B, title: 'Also mine' } })
    expect((await repo.get(A, id(1)))?.title).toBe('Mine')
    expect((await repo.get(B, id(1)))?.title).toBe('Also mine')
  })

  test('list is newest first, pages by cursor without gaps or repeats, and filters titles literally', async () => {
    for (let n = 1; n <= 5; n++) await repo.upsert(A, { id: id(n), title: `Talk ${n}%`, conversation: [] }, at(n))
    await repo.upsert(A, { id: id(6), title: 'Same second', conversation: [] }, at(5))
    await repo.upsert(B, { id: id(7), title: 'Talk of B', conversation: [] }, at(9))
    const seen: string[] = []
    let page = await repo.list(A, { limit: 4 })
    seen.push(...page.items.map((c) => c.id))
    while (page.next) {
      page = await repo.list(A, { limit: 4, cursor: page.next })
      seen.push(...page.items.map((c) => c.id))
    }
    expect(seen).toEqual([id(6), id(5), id(4), id(3), id(2), id(1)])
    expect((await repo.list(A, { limit: 10, q: 'talk 3' })).items.map((c) => c.id)).toEqual([id(3)])
    expect((await repo.list(A, { limit: 10, q: '%' })).items).toHaveLength(5)
    expect((await repo.list(A, { limit: 10, q: '_' })).items).toHaveLength(0)
  })

  test('update changes only what is given; null clears the embedding', async () => {
    await repo.upsert(A, { id: id(1), title: 'T', conversation: turns, embedding: [0, 1, 0] }, at(1))
    expect(await repo.update(A, id(1), { title: 'New' }, at(2))).toMatchObject({
      title: 'New',
      conversation: turns,
      updated_at: at(2).toISOString(),
    })
    expect((await repo.get(A, id(1)))?.embedding?.values()).toEqual([0, 1, 0])
    expect((await repo.update(A, id(1), { embedding: null }, at(3)))?.embedding).toBeNull()
  })

  test('search ranks only the caller’s embedded conversations by cosine similarity', async () => {
    await repo.upsert(A, { id: id(1), title: 'x axis', conversation: [], embedding: [1, 0, 0] }, at(1))
    await repo.upsert(A, { id: id(2), title: 'y axis', conversation: [], embedding: [0, 1, 0] }, at(2))
    await repo.upsert(A, { id: id(3), title: 'no vector', conversation: [] }, at(3))
    await repo.upsert(B, { id: id(4), title: 'B x axis', conversation: [], embedding: [1, 0, 0] }, at(4))
    const hits = await repo.search(A, [0.9, 0.1, 0], 5)
    expect(hits.map((h) => h.id)).toEqual([id(1), id(2)])
    expect(hits[0]?.similarity).toBeCloseTo(0.9939, 3)
  })

  test('search still finds `limit` rows of one user when the planner walks the HNSW index', async () => {
    // 40 users x 50 rows; steering the planner off the btree makes it scan HNSW, which filters by user afterwards.
    await db.query(
      `INSERT INTO conversations (id, user_id, title, conversation, embedding, created_at, updated_at)
       SELECT gen_random_uuid(), 'bulk-' || (i % 40), 't', '[]',
              ARRAY[random() + 0.01, random(), random()]::real[]::vector, now(), now()
       FROM generate_series(1, 2000) AS i`,
    )
    await db.query('ANALYZE conversations')
    await db.query('SET enable_bitmapscan = off')
    await db.query('SET enable_sort = off')
    try {
      const plan = await db.query(
        "EXPLAIN SELECT id FROM conversations WHERE user_id = 'bulk-7' ORDER BY embedding <=> '[1,0,0]' LIMIT 20",
      )
      expect(JSON.stringify(plan)).toContain('conversations_embedding_hnsw')
      const hits = await repo.search('bulk-7', [1, 0, 0], 20)
      expect(hits).toHaveLength(20)
      expect(new Set(hits.map((h) => h.user_id))).toEqual(new Set(['bulk-7']))
      const similarities = hits.map((h) => h.similarity)
      expect(similarities).toEqual([...similarities].sort((a, b) => b - a))
    } finally {
      await db.query('RESET enable_bitmapscan')
      await db.query('RESET enable_sort')
    }
  })

  test('deleteAll counts and removes only the caller’s rows', async () => {
    for (let n = 1; n <= 3; n++) await repo.upsert(A, { id: id(n), title: 't', conversation: [] }, at(n))
    await repo.upsert(B, { id: id(9), title: 't', conversation: [] }, at(9))
    expect(await repo.deleteAll(A)).toBe(3)
    expect((await repo.list(B, { limit: 10 })).items).toHaveLength(1)
  })
})
