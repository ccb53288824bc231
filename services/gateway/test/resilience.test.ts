import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, test } from 'vitest'
import { startTestGateway, topologyOf } from './support/gateway.js'
import { deadUrl, type SeenRequest, startUpstream, waitFor } from './support/upstream.js'

const started: { stop?: () => Promise<void>; close?: () => Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => (s.stop ?? s.close)!()))
})

async function upstream(
  name: string,
  handler?: (req: SeenRequest, res: ServerResponse) => void,
  health?: Record<string, unknown>,
) {
  const u = await startUpstream(name, handler, health)
  started.push(u)
  return u
}
async function gateway(...args: Parameters<typeof startTestGateway>) {
  const gw = await startTestGateway(...args)
  started.push(gw)
  return gw
}
const served = async (res: Response) => ((await res.json()) as { upstream: string }).upstream

// Passive behaviour only: active health checks off, so every outcome here comes from real requests.
const PASSIVE = { GATEWAY_HEALTH_INTERVAL_MS: '0' }

describe('retry and ejection', () => {
  test('a refused connection is retried on another worker before any byte, so every request succeeds', async () => {
    const live = await upstream('live')
    const gw = await gateway(topologyOf({ 'us-east-1': { llm: [await deadUrl(), live.url] } }), PASSIVE)
    for (let i = 0; i < 6; i++) {
      const res = await gw.call('/us-east-1/generate', { method: 'POST', body: `{"i":${i}}` })
      expect(res.status).toBe(200)
      expect(await served(res)).toBe('live')
    }
    expect(live.seen.map((r) => r.body)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `{"i":${i}}`))
    expect((await gw.regions()).data[0]!.pools.llm).toMatchObject({ healthy: 1, total: 2 })
  })

  test('a kept-alive connection the worker drops before answering is retried on a fresh one, not held against it', async () => {
    let n = 0
    const flaky = await upstream('flaky', (_req, res) => {
      // The second request arrives on the reused connection; dropping it is what a worker closing an idle socket
      // at that very moment looks like to the gateway.
      if (++n === 2) res.socket!.destroy()
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ upstream: 'flaky', n }))
    })
    const gw = await gateway(topologyOf({ 'us-east-1': { llm: [flaky.url] } }), {
      ...PASSIVE,
      GATEWAY_EJECT_AFTER_FAILURES: '1',
    })
    for (let i = 0; i < 3; i++) expect((await gw.call('/us-east-1/tags')).status).toBe(200)
    expect(flaky.seen.length).toBe(4)
    expect((await gw.regions()).data[0]!.pools.llm.healthy).toBe(1)
  })

  test('a worker answering 502 is passed through (never retried), then ejected, then re-admitted after the cooldown', async () => {
    const clock = { t: 0, now: () => clock.t }
    const failing = await upstream('failing', (_req, res) => res.writeHead(502).end('{"error":"boom"}'))
    const gw = await gateway(
      topologyOf({ 'us-east-1': { llm: [failing.url] } }),
      { ...PASSIVE, GATEWAY_EJECT_AFTER_FAILURES: '2', GATEWAY_EJECT_COOLDOWN_MS: '5000' },
      clock,
    )
    expect((await gw.call('/us-east-1/tags')).status).toBe(502)
    expect((await gw.call('/us-east-1/tags')).status).toBe(502)
    expect(failing.seen.length).toBe(2)
    const out = await gw.call('/us-east-1/tags')
    expect(out.status).toBe(503)
    expect(out.headers.get('retry-after')).toBe('1')
    expect(failing.seen.length).toBe(2)
    clock.t += 5_000
    expect((await gw.call('/us-east-1/tags')).status).toBe(502)
    expect(failing.seen.length).toBe(3)
    // One more failure after re-admission is enough to take it out again.
    expect((await gw.call('/us-east-1/tags')).status).toBe(503)
  })

  test('the active health check takes a dead worker out, and sums the queues the workers report', async () => {
    const a = await upstream('a', undefined, { queue_depth: 2 })
    const b = await upstream('b', undefined, { queue_depth: 3 })
    const gw = await gateway(topologyOf({ 'us-east-1': { llm: [a.url, b.url] } }), { GATEWAY_HEALTH_INTERVAL_MS: '50' })
    const llmPool = () => gw.upstreams.summary()[0]!.pools.llm
    expect(llmPool()).toMatchObject({ healthy: 2, queueDepth: 5 })
    await b.close()
    await waitFor(() => (llmPool().healthy === 1 ? true : undefined))
    expect(llmPool().queueDepth).toBe(2)
    for (let i = 0; i < 3; i++) expect(await served(await gw.call('/us-east-1/tags'))).toBe('a')
  })
})

describe('worker URLs', () => {
  test('a worker URL with a path prefix keeps it', async () => {
    const prefixed = await upstream('prefixed')
    const gw = await gateway(topologyOf({ 'us-east-1': { llm: [`${prefixed.url}/ollama/`] } }), PASSIVE)
    const res = await gw.call('/us-east-1/tags?x=1')
    expect(((await res.json()) as { url: string }).url).toBe('/ollama/api/tags?x=1')
  })
})

describe('failover', () => {
  test('with no usable worker in a region, requests go to the next region and say so', async () => {
    const west = await upstream('west')
    const gw = await gateway(
      topologyOf({ 'us-east-1': { llm: [await deadUrl(), await deadUrl()] }, 'us-west-2': { llm: [west.url] } }),
      PASSIVE,
    )
    for (let i = 0; i < 3; i++) {
      const res = await gw.call('/us-east-1/chat', { method: 'POST', body: '{}' })
      expect(res.status).toBe(200)
      expect(res.headers.get('x-parley-region')).toBe('us-west-2')
      expect(await served(res)).toBe('west')
    }
  })

  test('a region with an empty pool fails over too; the last region wraps round to the first', async () => {
    const east = await upstream('east')
    const gw = await gateway(topologyOf({ 'us-east-1': { scoring: [east.url] }, 'us-west-2': {} }), PASSIVE)
    const res = await gw.call('/us-west-2/score', { method: 'POST', body: '{}' })
    expect(res.headers.get('x-parley-region')).toBe('us-east-1')
    expect(await served(res)).toBe('east')
  })

  test('with failover off, a dead region is 503 naming that region', async () => {
    const east = await upstream('east')
    const gw = await gateway(
      topologyOf({ 'us-east-1': { llm: [east.url] }, 'us-west-2': { llm: [await deadUrl()] } }),
      {
        ...PASSIVE,
        GATEWAY_FAILOVER: 'false',
      },
    )
    const res = await gw.call('/us-west-2/tags')
    expect(res.status).toBe(503)
    expect(res.headers.get('x-parley-region')).toBe('us-west-2')
    const body = (await res.json()) as { message: string }
    expect(body).toMatchObject({ status: 'error', code: 'unavailable' })
    // Internal worker addresses stay out of public answers.
    expect(body.message).not.toContain('127.0.0.1')
    expect(east.seen.length).toBe(0)
  })

  test('a worker that accepts but never answers is abandoned at the first-byte timeout and the next one serves', async () => {
    const silent = await upstream('silent', () => {})
    const live = await upstream('live')
    const gw = await gateway(topologyOf({ 'us-east-1': { llm: [silent.url] }, 'us-west-2': { llm: [live.url] } }), {
      ...PASSIVE,
      GATEWAY_FIRST_BYTE_TIMEOUT_MS: '300',
    })
    const res = await gw.call('/us-east-1/tags')
    expect(res.headers.get('x-parley-region')).toBe('us-west-2')
    expect(await served(res)).toBe('live')
  })
})
