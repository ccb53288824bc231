// Token accounting per conversation: added by provider, region and model, only on the caller's own conversations,
// gone with the conversation, and bad reports refused with 400 and nothing stored.
import { TEST_DB_KINDS } from '@parley/db/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { type Harness, startHarness, uuid } from './harness.js'

const report = { provider: 'ollama', region: 'us-east-1', model: 'smollm2:135m', tokensIn: 300, tokensOut: 40 }

describe.each(TEST_DB_KINDS)('conversation usage on %s', (kind) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(kind)
  })
  afterAll(() => h.close())
  beforeEach(async () => {
    await h.db.query('DELETE FROM conversations')
    for (const [n, as] of [
      [1, 'alice'],
      [2, 'alice'],
      [3, 'bob'],
    ] as const)
      await h.call('POST', `/conversations/${as}`, { as, body: { id: uuid(n), title: 'Chat', conversation: [] } })
  })
  const usageRows = () => h.db.query('SELECT * FROM conversation_usage ORDER BY conversation_id, model')

  test('calls add up per provider, region and model, and the user’s totals count conversations', async () => {
    const add = (id: number, body: unknown) => h.call('POST', `/conversations/alice/${uuid(id)}/usage`, { body })
    expect((await add(1, report)).status).toBe(200)
    const second = await add(1, { ...report, tokensIn: 100, tokensOut: 10 })
    expect(second.body.data).toMatchObject({ calls: 2, tokensIn: 400, tokensOut: 50 })
    await add(1, { ...report, provider: 'bedrock', model: 'amazon.nova-micro-v1:0', region: 'us-west-2' })
    await add(2, report)
    const one = await h.call('GET', `/conversations/alice/${uuid(1)}/usage`)
    expect(one.status).toBe(200)
    expect((one.body.data as { provider: string; calls: number }[]).map((r) => [r.provider, r.calls])).toEqual([
      ['bedrock', 1],
      ['ollama', 2],
    ])
    const totals = await h.call('GET', '/conversations/alice/usage')
    expect(totals.body.data).toEqual([
      expect.objectContaining({ provider: 'bedrock', conversations: 1, tokensIn: 300 }),
      expect.objectContaining({ provider: 'ollama', conversations: 2, calls: 3, tokensIn: 700, tokensOut: 90 }),
    ])
  })

  test('another user’s conversation is not found and another user’s path is forbidden; nothing is stored', async () => {
    const foreign = await h.call('POST', `/conversations/alice/${uuid(3)}/usage`, { body: report })
    expect(foreign.status).toBe(404)
    expect((await h.call('GET', `/conversations/alice/${uuid(3)}/usage`)).status).toBe(404)
    expect((await h.call('POST', `/conversations/bob/${uuid(3)}/usage`, { body: report })).status).toBe(403)
    expect((await h.call('GET', '/conversations/bob/usage')).status).toBe(403)
    expect((await h.call('GET', '/conversations/alice/usage', { auth: null })).status).toBe(401)
    expect(await usageRows()).toEqual([])
  })

  test.each([
    ['negative tokens', { ...report, tokensIn: -1 }],
    ['fractional tokens', { ...report, tokensOut: 1.5 }],
    ['absurd tokens', { ...report, tokensIn: 1e12 }],
    ['an unknown provider', { ...report, provider: 'openai' }],
    ['a bad region', { ...report, region: 'US East' }],
    ['an empty model', { ...report, model: ' ' }],
    ['an unknown field', { ...report, costUsd: 1 }],
    ['not JSON', '{'],
  ])('%s is a 400 and stores nothing', async (_name, body) => {
    const res = await h.call('POST', `/conversations/alice/${uuid(1)}/usage`, { body })
    expect(res.status).toBe(400)
    expect(await usageRows()).toEqual([])
  })

  test('a bad conversation id is a 400; usage goes with its conversation', async () => {
    expect((await h.call('POST', '/conversations/alice/not-a-uuid/usage', { body: report })).status).toBe(400)
    await h.call('POST', `/conversations/alice/${uuid(1)}/usage`, { body: report })
    expect(await usageRows()).toHaveLength(1)
    expect((await h.call('DELETE', `/conversations/alice/${uuid(1)}`)).status).toBe(200)
    expect(await usageRows()).toEqual([])
  })
})
