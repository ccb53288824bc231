import { TEST_DB_KINDS } from '@parley/db/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { guardDataErrors } from '../src/data-errors.js'
import { type Harness, MAX_BODY_BYTES, startHarness, uuid } from './harness.js'

const ID = uuid(1)
const valid = { id: ID, title: 'Valid', conversation: [{ role: 'user', content: 'hi' }] }

describe.each(TEST_DB_KINDS)('bad input on %s gets a clear 4xx and changes nothing', (kind) => {
  let h: Harness
  let before: unknown[]

  beforeAll(async () => {
    h = await startHarness(kind)
    expect((await h.call('POST', '/conversations/alice', { body: { ...valid, embedding: [1, 2, 3] } })).status).toBe(
      201,
    )
    before = await h.snapshot()
  })
  afterAll(async () => {
    expect(await h.snapshot()).toEqual(before)
    await h.close()
  })

  async function expect400(method: string, path: string, body: unknown, message: RegExp) {
    const res = await h.call(method, path, { body })
    expect({ path, body, status: res.status }).toEqual({ path, body, status: 400 })
    expect(res.body).toMatchObject({ status: 'error', message: expect.stringMatching(message) })
  }

  test('malformed JSON', async () => {
    for (const body of ['{"id": ', '{id: 1}', 'null,', "{'a':1}"]) {
      await expect400('POST', '/conversations/alice', body, /JSON|Invalid|expected/i)
      await expect400('PUT', `/conversations/alice/${ID}`, body, /JSON|Invalid|expected/i)
      await expect400('POST', '/conversations/alice/search', body, /JSON|Invalid|expected/i)
    }
  })

  test('POST: missing or wrongly typed fields', async () => {
    const cases: [unknown, RegExp][] = [
      [{ title: 'x', conversation: [] }, /^id/],
      [{ ...valid, id: 'not-a-uuid' }, /^id: expected a UUID/],
      [{ ...valid, id: `${ID}' OR '1'='1` }, /^id/],
      [{ ...valid, title: undefined }, /^title/],
      [{ ...valid, title: '   ' }, /^title/],
      [{ ...valid, title: 42 }, /^title/],
      [{ ...valid, title: 'x'.repeat(51) }, /^title: Too big/],
      [{ ...valid, conversation: undefined }, /^conversation/],
      [{ ...valid, conversation: 'hello' }, /^conversation/],
      [{ ...valid, conversation: [{ role: 'robot', content: 'x' }] }, /^conversation.0.role/],
      [{ ...valid, conversation: [{ role: 'user' }] }, /^conversation.0.content/],
      [{ ...valid, conversation: Array(21).fill({ role: 'user', content: 'x' }) }, /^conversation: Too big/],
      [{ ...valid, embedding: [1, 2] }, /^embedding: expected 3 numbers/],
      [{ ...valid, embedding: [1, 2, '3'] }, /^embedding.2/],
      [[valid], /expected object/],
      ['"a string"', /expected object/],
    ]
    for (const [body, message] of cases) await expect400('POST', '/conversations/alice', body, message)
  })

  test('text PostgreSQL cannot store (NUL, unpaired surrogates) and out-of-range vectors are 400, not 500', async () => {
    const message = (extra: object) => ({ ...valid, conversation: [{ role: 'user', content: 'hi', ...extra }] })
    const cases: [unknown, RegExp][] = [
      [{ ...valid, title: 'a\u0000b' }, /^title: contains a NUL/],
      [message({ content: 'a\u0000b' }), /^conversation.0.content: contains a NUL/],
      [message({ content: 'broken \ud800 pair' }), /^conversation.0.content: contains a NUL character or an unpaired/],
      [message({ feedback: { notes: ['ok', 'x\u0000'] } }), /^conversation.0.feedback.notes.1: contains a NUL/],
      [message({ 'bad\u0000key': 1 }), /^conversation.0.bad/],
      [{ ...valid, embedding: [1e39, 0, 0] }, /^embedding.0: Too big/],
      [{ ...valid, embedding: [0, 0, 0] }, /^embedding: must not be all zeros/],
    ]
    for (const [body, pattern] of cases) await expect400('POST', '/conversations/alice', body, pattern)
    await expect400('PUT', `/conversations/alice/${ID}`, { title: 'x\u0000' }, /^title/)
    await expect400(
      'POST',
      '/conversations/alice/search',
      { embedding: [0, 0, 0] },
      /^embedding: must not be all zeros/,
    )
    expect((await h.call('GET', '/conversations/alice?q=%00')).status).toBe(400)
  })

  test('a data error the validation missed still maps to 400', async () => {
    const repo = guardDataErrors({ cast: () => h.db.query("SELECT 'not a number'::int") })
    await expect(repo.cast()).rejects.toMatchObject({ status: 400, message: expect.stringContaining('cannot store') })
    const other = guardDataErrors({ missing: () => h.db.query('SELECT * FROM no_such_table') })
    await expect(other.missing()).rejects.not.toMatchObject({ status: 400 })
  })

  test('PUT: an empty patch, wrong types, an invalid id', async () => {
    await expect400('PUT', `/conversations/alice/${ID}`, {}, /at least one of title, conversation, embedding/)
    await expect400('PUT', `/conversations/alice/${ID}`, { title: ['x'] }, /^title/)
    await expect400('PUT', `/conversations/alice/${ID}`, { embedding: [1, 2, 3, 4] }, /^embedding/)
    await expect400('PUT', '/conversations/alice/1234', { title: 'x' }, /^id: expected a UUID/)
  })

  test('PUT of a missing conversation is 404', async () => {
    const res = await h.call('PUT', `/conversations/alice/${uuid(99)}`, { body: { title: 'x' } })
    expect(res).toMatchObject({ status: 404, body: { status: 'error', message: 'Conversation not found' } })
  })

  test('invalid UUIDs in the path get 400, never a database error', async () => {
    for (const id of ['1', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', `${ID}0`, "'; DROP TABLE conversations; --"]) {
      for (const method of ['GET', 'DELETE']) {
        const res = await h.call(method, `/conversations/alice/${encodeURIComponent(id)}`)
        expect({ id, method, status: res.status }).toEqual({ id, method, status: 400 })
        expect(res.body.message).toMatch(/^id: expected a UUID/)
      }
    }
  })

  test('unknown ids get 404 on GET and DELETE', async () => {
    expect((await h.call('GET', `/conversations/alice/${uuid(42)}`)).status).toBe(404)
    expect((await h.call('DELETE', `/conversations/alice/${uuid(42)}`)).status).toBe(404)
  })

  test('list query: bad limit, bad cursor, oversized filter', async () => {
    for (const query of ['limit=0', 'limit=-1', 'limit=abc', 'limit=1.5', 'limit=100000']) {
      expect((await h.call('GET', `/conversations/alice?${query}`)).status).toBe(400)
    }
    for (const cursor of ['garbage', Buffer.from('["yesterday","x"]').toString('base64url'), 'x'.repeat(300)]) {
      const res = await h.call('GET', `/conversations/alice?cursor=${cursor}`)
      expect(res.status).toBe(400)
      expect(res.body.message).toMatch(/^cursor/)
    }
    expect((await h.call('GET', `/conversations/alice?q=${'x'.repeat(51)}`)).status).toBe(400)
  })

  test('search: wrong dimension, wrong types, out-of-range limit', async () => {
    await expect400('POST', '/conversations/alice/search', {}, /^embedding/)
    await expect400('POST', '/conversations/alice/search', { embedding: [1, 0] }, /^embedding/)
    await expect400('POST', '/conversations/alice/search', { embedding: [1, 0, 0], limit: 0 }, /^limit/)
    await expect400('POST', '/conversations/alice/search', { embedding: [1, 0, 0], limit: 101 }, /^limit/)
    await expect400('POST', '/conversations/alice/search', { embedding: [1, 0, 0], limit: '5' }, /^limit/)
  })

  test('a body over the limit gets 413, declared or streamed', async () => {
    const big = { ...valid, title: 'Big', conversation: [{ role: 'user', content: 'x'.repeat(MAX_BODY_BYTES) }] }
    for (const [method, path] of [
      ['POST', '/conversations/alice'],
      ['PUT', `/conversations/alice/${ID}`],
      ['POST', '/conversations/alice/search'],
    ]) {
      const res = await h.call(method!, path!, { body: big })
      expect({ path, status: res.status }).toEqual({ path, status: 413 })
      expect(res.body).toMatchObject({ status: 'error', message: expect.stringContaining('larger than') })
    }
    // Without a content-length, the limit counts the bytes as they stream in.
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(MAX_BODY_BYTES / 2)))
        controller.close()
      },
    })
    const res = await fetch(`${h.service.url}/conversations/alice`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await h.token('alice')}`, 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
  })

  test('unknown routes and methods under /conversations are 404 JSON errors', async () => {
    for (const [method, path] of [
      ['PATCH', `/conversations/alice/${ID}`],
      ['GET', `/conversations/alice/${ID}/extra`],
      ['POST', `/conversations/alice/${ID}`],
    ]) {
      const res = await h.call(method!, path!, { body: method === 'GET' ? undefined : { title: 'x' } })
      expect(res.status).toBe(404)
      expect(res.body.status).toBe('error')
    }
  })
})
