import { TEST_DB_KINDS } from '@parley/db/testing'
import { hc } from 'hono/client'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { ApiApp } from '../src/index.js'
import { type Harness, startHarness, uuid } from './harness.js'

const turns = [
  { role: 'system', content: 'You are a tutor.' },
  { role: 'user', content: 'I goed home.', feedback: { issues: [{ original: 'goed', suggestions: ['went'] }] } },
  { role: 'assistant', content: 'You went home!' },
]

describe.each(TEST_DB_KINDS)('conversations API on %s', (kind) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(kind)
  })
  afterAll(() => h.close())
  beforeEach(async () => {
    await h.db.query('DELETE FROM conversations')
  })

  const create = (n: number, extra: Record<string, unknown> = {}, as = 'alice') =>
    h.call('POST', `/conversations/${as}`, {
      as,
      body: { id: uuid(n), title: `Chat ${n}`, conversation: turns, ...extra },
    })

  test('POST creates (201), GET returns it with extra message fields kept', async () => {
    const created = await create(1, { embedding: [0.5, 0.25, 0] })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ status: 'success', data: { id: uuid(1), user_id: 'alice', title: 'Chat 1' } })
    const got = await h.call('GET', `/conversations/alice/${uuid(1)}`)
    expect(got.status).toBe(200)
    expect(got.body).toEqual({
      status: 'success',
      data: {
        id: uuid(1),
        user_id: 'alice',
        title: 'Chat 1',
        conversation: turns,
        embedding: [0.5, 0.25, 0],
        created_at: expect.any(String),
        updated_at: expect.any(String),
      },
    })
  })

  test('POST with an existing id of the same user replaces it (200)', async () => {
    await create(1, { embedding: [1, 0, 0] })
    const replaced = await h.call('POST', '/conversations/alice', {
      body: { id: uuid(1), title: 'Renamed', conversation: [{ role: 'user', content: 'Hi' }] },
    })
    expect(replaced.status).toBe(200)
    expect(replaced.body.data).toMatchObject({ title: 'Renamed', conversation: [{ role: 'user', content: 'Hi' }] })
    expect((await h.call('GET', '/conversations/alice')).body.data).toHaveLength(1)
  })

  test('concurrent upserts of one new id by two users: each gets their own conversation, one created and then replaced', async () => {
    const attempt = (as: string, i: number) =>
      h.call('POST', `/conversations/${as}`, { as, body: { id: uuid(9), title: `${as} ${i}`, conversation: [] } })
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => [attempt('alice', i), attempt('bob', i)]).flat(),
    )
    for (const r of results) expect([200, 201]).toContain(r.status)
    expect(results.filter((r) => r.status === 201)).toHaveLength(2)
    const owners = await h.db.query<{ user_id: string }>('SELECT user_id FROM conversations WHERE id = $1 ORDER BY 1', [
      uuid(9),
    ])
    expect(owners.map((o) => o.user_id)).toEqual(['alice', 'bob'])
  })

  test('an upper-case UUID names the same conversation', async () => {
    await create(1)
    const got = await h.call('GET', `/conversations/alice/${uuid(1).toUpperCase()}`)
    expect(got.status).toBe(200)
  })

  test('GET list: newest first, the default shape, no next_cursor when all fit', async () => {
    for (const n of [1, 2, 3]) await create(n)
    await h.call('PUT', `/conversations/alice/${uuid(1)}`, { body: { title: 'Touched' } })
    const list = await h.call('GET', '/conversations/alice')
    expect(list.status).toBe(200)
    expect(Object.keys(list.body)).toEqual(['status', 'data'])
    expect((list.body.data as { id: string }[]).map((c) => c.id)).toEqual([uuid(1), uuid(3), uuid(2)])
    // Lists leave the (large) embedding out; GET of one conversation carries it.
    for (const item of list.body.data as object[]) expect(item).not.toHaveProperty('embedding')
  })

  test('a listed conversation (JSON text from PostgreSQL) is exactly what GET answers, less the embedding', async () => {
    const tricky = 'Quotes " \\ back\\slash, tab\t, newline\n, é, 日本, 🙂 and }]'
    const conversation = [
      { role: 'user', content: tricky, feedback: { score: 1.5, big: 12345678901, list: [null, true, { a: 'b' }] } },
    ]
    const title = 'A " \\ \t é 日本 🙂 }]'
    const body = { id: uuid(1), title, conversation, embedding: [0.5, -0.25, 1e-7] }
    expect((await h.call('POST', '/conversations/alice', { body })).status).toBe(201)
    const { embedding, ...one } = (await h.call('GET', `/conversations/alice/${uuid(1)}`)).body.data as {
      embedding: number[]
    }
    expect(embedding).toHaveLength(3)
    const list = await h.call('GET', '/conversations/alice')
    expect(list.body.data).toEqual([one])
    expect(one).toMatchObject({ title, conversation, created_at: expect.stringMatching(/\.\d{3}Z$/) })
  })

  test('GET list pages with ?limit and ?cursor and filters with ?q', async () => {
    for (let n = 1; n <= 5; n++) await create(n)
    const first = await h.call('GET', '/conversations/alice?limit=2')
    expect((first.body.data as { id: string }[]).map((c) => c.id)).toEqual([uuid(5), uuid(4)])
    expect(first.headers.get('x-next-cursor')).toBe(first.body.next_cursor)
    const ids: string[] = []
    let cursor = first.body.next_cursor as string | undefined
    while (cursor) {
      const page = await h.call('GET', `/conversations/alice?limit=2&cursor=${cursor}`)
      ids.push(...(page.body.data as { id: string }[]).map((c) => c.id))
      cursor = page.body.next_cursor as string | undefined
    }
    expect(ids).toEqual([uuid(3), uuid(2), uuid(1)])
    const filtered = await h.call('GET', `/conversations/alice?q=${encodeURIComponent('chat 3')}`)
    expect((filtered.body.data as { id: string }[]).map((c) => c.id)).toEqual([uuid(3)])
  })

  test('PUT changes only the fields given and answers the updated conversation', async () => {
    await create(1, { embedding: [1, 0, 0] })
    const put = await h.call('PUT', `/conversations/alice/${uuid(1)}`, { body: { embedding: [0, 1, 0] } })
    expect(put.status).toBe(200)
    expect(put.body.data).toMatchObject({ title: 'Chat 1', conversation: turns, embedding: [0, 1, 0] })
    const cleared = await h.call('PUT', `/conversations/alice/${uuid(1)}`, { body: { embedding: null, title: 'T' } })
    expect(cleared.body.data).toMatchObject({ title: 'T', embedding: null })
  })

  test('DELETE one, then DELETE all returns the count', async () => {
    for (const n of [1, 2, 3]) await create(n)
    const one = await h.call('DELETE', `/conversations/alice/${uuid(2)}`)
    expect(one).toMatchObject({ status: 200, body: { status: 'success', message: 'Conversation deleted' } })
    expect((await h.call('GET', `/conversations/alice/${uuid(2)}`)).status).toBe(404)
    const all = await h.call('DELETE', '/conversations/alice')
    expect(all).toMatchObject({ status: 200, body: { status: 'success', data: { deleted: 2 } } })
    expect((await h.call('GET', '/conversations/alice')).body.data).toEqual([])
    expect((await h.call('DELETE', '/conversations/alice')).body.data).toEqual({ deleted: 0 })
  })

  test('POST search returns the nearest of the caller’s conversations with their similarity', async () => {
    await create(1, { embedding: [1, 0, 0] })
    await create(2, { embedding: [0, 1, 0] })
    await create(3)
    await create(4, { embedding: [1, 0, 0] }, 'bob')
    const res = await h.call('POST', '/conversations/alice/search', { body: { embedding: [0.8, 0.6, 0], limit: 5 } })
    expect(res.status).toBe(200)
    const hits = res.body.data as { id: string; similarity: number }[]
    expect(hits.map((x) => x.id)).toEqual([uuid(1), uuid(2)])
    expect(hits[0]?.similarity).toBeCloseTo(0.8, 5)
    expect(hits[1]?.similarity).toBeCloseTo(0.6, 5)
  })

  test('an access token works as well as an ID token', async () => {
    await create(1)
    const token = await h.issuer.sign({ sub: 'alice', tokenUse: 'access' })
    const res = await h.call('GET', `/conversations/alice/${uuid(1)}`, { auth: `Bearer ${token}` })
    expect(res.status).toBe(200)
  })

  test('the exported app type drives a typed hono client (as the web app and CLI use it)', async () => {
    const client = hc<ApiApp>(h.service.url, { headers: { authorization: `Bearer ${await h.token('alice')}` } })
    const posted = await client.conversations[':uid'].$post({
      param: { uid: 'alice' },
      json: { id: uuid(5), title: 'Typed', conversation: [{ role: 'user', content: 'hello' }] },
    })
    expect(posted.status).toBe(201)
    const listed = await client.conversations[':uid'].$get({ param: { uid: 'alice' }, query: { q: 'typ' } })
    const body = await listed.json()
    expect(body.data.map((c) => c.title)).toEqual(['Typed'])
  })

  test('/healthz reports the database, without a token', async () => {
    const res = await fetch(`${h.service.url}/healthz`)
    expect(await res.json()).toMatchObject({ status: 'ok', service: 'api', database: kind })
  })
})
