import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startTestGateway, type TestGateway, topologyOf } from './support/gateway.js'
import { startUpstream, type TestUpstream } from './support/upstream.js'

// The gateway's access rules against an upstream that answers everything: what a learner's token may reach on the
// LLM pool, and that an admin's (Cognito's `cognito:groups: ["admin"]`) reaches the rest.
let llm: TestUpstream
let gw: TestGateway

beforeAll(async () => {
  llm = await startUpstream('llm')
  gw = await startTestGateway(topologyOf({ 'us-east-1': { llm: [llm.url] } }))
})
afterAll(async () => {
  await gw.stop()
  await llm.close()
})

const json = { 'content-type': 'application/json' }
const post = (body: unknown) => ({ method: 'POST', headers: json, body: JSON.stringify(body) })

const MANAGEMENT: [string, RequestInit][] = [
  ['/us-east-1/pull', post({ model: 'tutor', url: 'http://example.com/evil.gguf' })],
  ['/us-east-1/api/pull', post({ model: 'tutor' })],
  ['/us-east-1/api/copy', post({ source: 'evil', destination: 'tutor' })],
  ['/us-east-1/api/delete', { method: 'DELETE', headers: json, body: '{"model":"tutor"}' }],
  ['/us-east-1/api/create', post({ model: 'tutor', from: 'evil' })],
  ['/us-east-1/api/push', post({ model: 'tutor' })],
  ['/us-east-1/api/blobs/sha256:00', { method: 'POST', body: 'x' }],
  // A worker endpoint that no rule names is closed to learners, so a new one cannot open a hole.
  ['/us-east-1/api/unlisted', post({})],
  ['/us-east-1/api/pull/', post({ model: 'tutor' })],
  ['/us-east-1/api/PULL', post({ model: 'tutor' })],
]

const KEEP_ALIVE: [string, unknown][] = [
  ['/us-east-1/generate', { model: 'tutor', prompt: 'hi', keep_alive: 0 }],
  ['/us-east-1/chat', { model: 'tutor', messages: [], keep_alive: -1 }],
  ['/us-east-1/api/embed', { model: 'tutor', input: 'x', keep_alive: '0s' }],
  ['/us-east-1/embeddings', { model: 'tutor', prompt: 'x', keep_alive: null }],
]

describe('a learner', () => {
  test.each(MANAGEMENT)('is refused %s, and nothing reaches the worker', async (path, init) => {
    const before = llm.seen.length
    const res = await gw.call(path, init)
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ code: 'forbidden_role' })
    expect(llm.seen.length).toBe(before)
  })

  test.each(KEEP_ALIVE)('is refused a keep_alive override on %s', async (path, body) => {
    const before = llm.seen.length
    expect((await gw.call(path, post(body))).status).toBe(403)
    // An escaped key is the same key once parsed, as the worker would read it.
    const escaped = JSON.stringify(body).replace('"keep_alive"', '"keep\\u005falive"')
    expect((await gw.call(path, { method: 'POST', headers: json, body: escaped })).status).toBe(403)
    expect(llm.seen.length).toBe(before)
  })

  test.each([
    ['/us-east-1/generate', post({ model: 'tutor', prompt: 'hi' })],
    ['/us-east-1/chat', post({ model: 'tutor', messages: [], options: { keep_alive: 0 } })],
    ['/us-east-1/embed', post({ model: 'tutor', input: 'x' })],
    ['/us-east-1/api/embeddings', post({ model: 'tutor', prompt: 'x' })],
    ['/us-east-1/tags', {}],
    ['/us-east-1/show', post({ model: 'tutor' })],
    ['/us-east-1/ps', {}],
    ['/us-east-1/api/version', {}],
  ] as [string, RequestInit][])('keeps %s', async (path, init) => {
    const res = await gw.call(path, init)
    expect(res.status).toBe(200)
  })
})

describe('an admin', () => {
  test.each(MANAGEMENT.slice(0, 7))('reaches %s', async (path, init) => {
    const res = await gw.call(path, { ...init, admin: true })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { url: string }).url).toMatch(/^\/api\//)
  })

  test.each(KEEP_ALIVE)('may set keep_alive on %s', async (path, body) => {
    expect((await gw.call(path, { ...post(body), admin: true })).status).toBe(200)
  })

  test('a group claim that only looks like admin is not admin', async () => {
    for (const groups of ['admin', ['Admin'], ['admins'], [['admin']]]) {
      const token = await gw.issuer.sign({ sub: 'mallory', claims: { 'cognito:groups': groups } })
      const res = await fetch(`${gw.url}/us-east-1/api/pull`, {
        ...post({ model: 'tutor' }),
        headers: { ...json, authorization: `Bearer ${token}` },
      })
      expect(res.status, JSON.stringify(groups)).toBe(403)
    }
  })
})

describe('/metrics with GATEWAY_METRICS_PORT', () => {
  test('is served on the internal listener without a token, and not on the public origin', async () => {
    const internal = await startTestGateway(topologyOf({ 'us-east-1': { llm: [llm.url] } }), {
      GATEWAY_METRICS_PORT: '0',
    })
    try {
      expect(internal.metricsUrl).toBeDefined()
      expect(internal.metricsUrl).not.toBe(internal.url)
      const scraped = await fetch(`${internal.metricsUrl}/metrics`)
      expect(scraped.status).toBe(200)
      expect(await scraped.text()).toContain('gateway_upstream_requests_total')
      const pub = await internal.call('/metrics', { admin: true })
      expect(pub.status).toBe(404)
      expect(await pub.text()).not.toContain('gateway_upstream_requests_total')
    } finally {
      await internal.stop()
    }
  })
})
