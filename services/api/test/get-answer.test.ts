import { TEST_DB_KINDS } from '@parley/db/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Harness, startHarness, uuid } from './harness.js'

// Tricky text for the answer's JSON: quotes, the `}}` the embedding is spliced before, a line separator, an emoji.
const turns = [
  { role: 'assistant', content: 'Say "hi" }} please\u2028now 🙂' },
  {
    role: 'user',
    content: 'I goed home.',
    feedback: { issues: [{ original: 'goed', suggestions: ['went', 'go'], span: [2, 6] }], score: 0.75 },
  },
]

// The GET answer's exact bytes as the API wrote them before its row building changed (conversations-repo's
// withEmbedding), with the harness's clock (one second per write from 2026-01-01) and pgvector's text of the vector.
const EXPECTED =
  '{"status":"success","data":{"id":"00000000-0000-4000-8000-000000000007","user_id":"alice","title":"Renamed }} \\"x\\"","conversation":[{"role":"assistant","content":"Say \\"hi\\" }} please\u2028now \ud83d\ude42"},{"role":"user","content":"I goed home.","feedback":{"score":0.75,"issues":[{"span":[2,6],"original":"goed","suggestions":["went","go"]}]}}],"created_at":"2026-01-01T00:00:01.000Z","updated_at":"2026-01-01T00:00:02.000Z","embedding":[0.5,-1e-07,3.25]}}'

describe.each(TEST_DB_KINDS)('the GET answer on %s', (kind) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(kind)
  })
  afterAll(() => h.close())

  test('is byte for byte what it was, for a conversation with messages, feedback and an embedding', async () => {
    const body = { id: uuid(7), title: 'Weekend "talk" }}', conversation: turns, embedding: [0.5, -1e-7, 3.25] }
    expect((await h.call('POST', '/conversations/alice', { body })).status).toBe(201)
    expect((await h.call('PUT', `/conversations/alice/${uuid(7)}`, { body: { title: 'Renamed }} "x"' } })).status).toBe(
      200,
    )
    const res = await fetch(`${h.service.url}/conversations/alice/${uuid(7)}`, {
      headers: { authorization: `Bearer ${await h.token('alice')}` },
    })
    expect(res.headers.get('content-type')).toBe('application/json')
    const text = await res.text()
    expect(text).toBe(EXPECTED)
  })
})
