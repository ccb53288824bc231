import { TEST_DB_KINDS } from '@parley/db/testing'
import { base64url } from 'jose'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Harness, startHarness, uuid } from './harness.js'

const ALICE_ID = uuid(1)
const BOB_ID = uuid(2)

describe.each(TEST_DB_KINDS)('ownership and auth on %s', (kind) => {
  let h: Harness
  let before: unknown[]

  beforeAll(async () => {
    h = await startHarness(kind)
    const turns = [{ role: 'user', content: 'hello' }]
    await h.call('POST', '/conversations/alice', { body: { id: ALICE_ID, title: 'A', conversation: turns } })
    await h.call('POST', '/conversations/bob', { as: 'bob', body: { id: BOB_ID, title: 'B', conversation: turns } })
    before = await h.snapshot()
  })
  afterAll(async () => {
    // Nothing any of these refused requests did may show in the table.
    expect(await h.snapshot()).toEqual(before)
    await h.close()
  })

  const badTokens = async (): Promise<[string, string | null][]> => {
    const now = Math.floor(Date.now() / 1000)
    const enc = (v: object) => base64url.encode(JSON.stringify(v))
    const claims = { sub: 'alice', iss: h.issuer.issuer, aud: h.issuer.clientId, token_use: 'id', exp: now + 60 }
    const good = await h.token('alice')
    const [header, , sig] = good.split('.')
    return [
      ['no Authorization header', null],
      ['a Basic scheme', 'Basic YWxpY2U6cHc='],
      ['a malformed token', 'Bearer not.a.jwt'],
      ['alg none', `Bearer ${enc({ alg: 'none' })}.${enc(claims)}.`],
      ['a payload swapped under a real signature', `Bearer ${header}.${enc(claims)}.${sig}`],
      ['an expired token', `Bearer ${await h.issuer.sign({ sub: 'alice', expiresInSeconds: -3600 })}`],
      ['a wrong issuer', `Bearer ${await h.issuer.sign({ sub: 'alice', issuer: 'https://evil.example/pool' })}`],
      ['a wrong audience', `Bearer ${await h.issuer.sign({ sub: 'alice', clientId: 'other-app' })}`],
      ['a refresh-like token_use', `Bearer ${await h.issuer.sign({ sub: 'alice', claims: { token_use: 'refresh' } })}`],
    ]
  }

  test('every endpoint answers 401 with an error body for missing or bad tokens', async () => {
    const body = { id: uuid(9), title: 'x', conversation: [] }
    const routes: [string, string, unknown?][] = [
      ['GET', '/conversations/alice'],
      ['GET', `/conversations/alice/${ALICE_ID}`],
      ['POST', '/conversations/alice', body],
      ['PUT', `/conversations/alice/${ALICE_ID}`, { title: 'x' }],
      ['DELETE', '/conversations/alice'],
      ['DELETE', `/conversations/alice/${ALICE_ID}`],
      ['POST', '/conversations/alice/search', { embedding: [1, 0, 0] }],
    ]
    for (const [label, auth] of await badTokens()) {
      for (const [method, path, payload] of routes) {
        const res = await h.call(method, path, { auth, body: payload })
        expect({ label, method, path, status: res.status }).toEqual({ label, method, path, status: 401 })
        expect(res.body).toMatchObject({ status: 'error', message: expect.any(String) })
        expect(res.headers.get('www-authenticate')).toBe('Bearer')
      }
    }
  })

  test("a uid other than the token's subject gets 403 on every endpoint", async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/conversations/bob'],
      ['GET', `/conversations/bob/${BOB_ID}`],
      ['POST', '/conversations/bob', { id: BOB_ID, title: 'mine now', conversation: [] }],
      ['PUT', `/conversations/bob/${BOB_ID}`, { title: 'mine now' }],
      ['DELETE', '/conversations/bob'],
      ['DELETE', `/conversations/bob/${BOB_ID}`],
      ['POST', '/conversations/bob/search', { embedding: [1, 0, 0] }],
    ]
    for (const [method, path, body] of routes) {
      const res = await h.call(method, path, { as: 'alice', body })
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 })
      expect(res.body).toMatchObject({ status: 'error', message: 'You can only access your own conversations' })
    }
  })

  test("another user's conversation id is invisible (404) on GET, PUT and DELETE under one's own uid", async () => {
    for (const [method, body] of [['GET'], ['PUT', { title: 'stolen' }], ['DELETE']] as const) {
      const res = await h.call(method, `/conversations/alice/${BOB_ID}`, { body })
      expect({ method, status: res.status, body: res.body }).toEqual({
        method,
        status: 404,
        body: { status: 'error', code: 'not_found', message: 'Conversation not found' },
      })
    }
  })

  test("a POST upsert of another user's id answers as for a fresh id: it neither overwrites nor reveals bob's", async () => {
    const fresh = await h.call('POST', '/conversations/alice', {
      body: { id: '00000000-0000-4000-8000-00000000f00d', title: 'fresh', conversation: [] },
    })
    const taken = await h.call('POST', '/conversations/alice', {
      body: { id: BOB_ID, title: 'stolen', conversation: [] },
    })
    // Same status, same shape: nothing tells alice that bob has a conversation with that id.
    expect(taken.status).toBe(fresh.status)
    expect(taken.status).toBe(201)
    expect(taken.body.data).toMatchObject({ id: BOB_ID, user_id: 'alice', title: 'stolen', conversation: [] })
    const bobs = await h.call('GET', `/conversations/bob/${BOB_ID}`, { as: 'bob' })
    expect((bobs.body.data as { title: string }).title).not.toBe('stolen')
  })

  // GET, PUT and DELETE of one conversation pass the same shared layers (token, then uid, then id): they refuse alike.
  test('GET, PUT and DELETE of one conversation check token, then uid, then id, with the same answers', async () => {
    const cases: [string, string | null | undefined, string, number, Record<string, string>][] = [
      [
        'no token',
        null,
        '/conversations/bob/not-a-uuid',
        401,
        { code: 'unauthorized', message: 'Missing bearer token' },
      ],
      [
        'a bad scheme',
        'Basic YWxpY2U6cHc=',
        '/conversations/bob/x',
        401,
        { code: 'unauthorized', message: 'Authorization header must be "Bearer <jwt>"' },
      ],
      [
        "another's uid",
        undefined,
        '/conversations/bob/not-a-uuid',
        403,
        { code: 'forbidden', message: 'You can only access your own conversations' },
      ],
      [
        'a bad id',
        undefined,
        '/conversations/alice/not-a-uuid',
        400,
        { code: 'invalid_input', message: 'id: expected a UUID' },
      ],
      [
        'an unknown id',
        undefined,
        `/conversations/alice/${uuid(404)}`,
        404,
        { code: 'not_found', message: 'Conversation not found' },
      ],
    ]
    for (const [label, auth, path, status, error] of cases)
      for (const [method, body] of [['GET'], ['PUT', { title: 'x' }], ['DELETE']] as const) {
        const res = await h.call(method, path, { auth, body })
        expect({ label, method, status: res.status, body: res.body }).toEqual({
          label,
          method,
          status,
          body: { status: 'error', ...error },
        })
      }
  })

  test('DELETE all removes nothing of other users', async () => {
    const res = await h.call('DELETE', '/conversations/carol', { as: 'carol' })
    expect(res.body).toMatchObject({ status: 'success', data: { deleted: 0 } })
  })

  test('path tricks never reach another user', async () => {
    const paths = [
      `/conversations/alice/..%2Fbob/${BOB_ID}`,
      `/conversations/alice%2F..%2Fbob/${BOB_ID}`,
      '/conversations/bob%00',
      `/conversations/%62ob/${BOB_ID}`,
      `/conversations//bob/${BOB_ID}`,
    ]
    for (const path of paths) {
      const res = await h.call('GET', path)
      expect([400, 403, 404]).toContain(res.status)
      expect(res.body.status).toBe('error')
    }
    // A subject containing special characters still only matches itself.
    const odd = await h.call('GET', `/conversations/${encodeURIComponent('a/b')}`, { as: 'a/b' })
    expect(odd.status).toBe(200)
  })

  test('the search only ranks the caller’s conversations', async () => {
    await h.call('PUT', `/conversations/bob/${BOB_ID}`, { as: 'bob', body: { embedding: [1, 0, 0] } })
    before = await h.snapshot()
    const res = await h.call('POST', '/conversations/alice/search', { body: { embedding: [1, 0, 0] } })
    expect(res.body.data).toEqual([])
  })
})
