import { TEST_DB_KINDS } from '@parley/db/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { MAX_NESTING_DEPTH } from '../src/storable.js'
import { type Harness, startHarness, uuid } from './harness.js'

// A turn's extra fields are stored as they come; nested a few hundred thousand levels deep they used to overflow the
// stack of the storable check (a 500, which the gateway counted against the api until it ejected it).
const nested = (depth: number) => `${'['.repeat(depth)}"x"${']'.repeat(depth)}`
const upsert = (id: number, extra: string) =>
  `{"id":"${uuid(id)}","title":"Deep","conversation":[{"role":"user","content":"hi","feedback":${extra}}]}`

describe.each(TEST_DB_KINDS)('deeply nested extra fields on %s', (kind) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(kind, { API_MAX_BODY_BYTES: String(1024 * 1024) })
  })
  afterAll(() => h.close())

  test('are a 400 that names the limit, never a 500, and store nothing', async () => {
    for (const depth of [MAX_NESTING_DEPTH + 1, 5_000, 300_000]) {
      const res = await h.call('POST', '/conversations/alice', { body: upsert(1, nested(depth)) })
      expect(res.status, `depth ${depth}`).toBe(400)
      expect(res.body.message).toMatch(new RegExp(`deeper than ${MAX_NESTING_DEPTH} levels`))
      const patch = await h.call('PUT', `/conversations/alice/${uuid(1)}`, {
        body: `{"conversation":[{"role":"user","content":"hi","x":${nested(depth)}}]}`,
      })
      expect(patch.status).toBe(400)
    }
    expect(await h.snapshot()).toEqual([])
  })

  test('a few levels, as feedback and scores use, are stored unchanged', async () => {
    const depth = MAX_NESTING_DEPTH - 4 // the turn and its array take the rest
    const res = await h.call('POST', '/conversations/alice', { body: upsert(2, nested(depth)) })
    expect(res.status).toBe(201)
    const got = await h.call('GET', `/conversations/alice/${uuid(2)}`)
    expect(JSON.stringify((got.body.data as { conversation: unknown[] }).conversation[0])).toContain(nested(depth))
  })
})
