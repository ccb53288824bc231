import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CallInit, startTestGateway, type TestGateway, topologyOf } from './support/gateway.js'
import { startUpstream, type TestUpstream } from './support/upstream.js'

let api: TestUpstream
let llm: TestUpstream
let chat: TestUpstream
let scoring: TestUpstream
let gw: TestGateway

beforeAll(async () => {
  api = await startUpstream('api')
  llm = await startUpstream('llm')
  chat = await startUpstream('chat')
  scoring = await startUpstream('scoring')
  gw = await startTestGateway(
    topologyOf({ 'us-east-1': { llm: [llm.url], chat: [chat.url], scoring: [scoring.url] }, 'us-west-2': {} }, [
      api.url,
    ]),
  )
})
afterAll(async () => {
  await gw.stop()
  await Promise.all([api, llm, chat, scoring].map((u) => u.close()))
})

async function reached(path: string, init?: CallInit) {
  const res = await gw.call(path, init)
  expect(res.status).toBe(200)
  const body = (await res.json()) as { upstream: string; url: string; method: string; body: string }
  return { ...body, region: res.headers.get('x-parley-region') }
}

describe('routes', () => {
  test.each([
    ['/us-east-1/api/tags', 'llm', '/api/tags'],
    ['/us-east-1/api/chat?x=1', 'llm', '/api/chat?x=1'],
    ['/us-east-1/tags', 'llm', '/api/tags'],
    ['/us-east-1/embeddings', 'llm', '/api/embeddings'],
    ['/us-east-1/generate', 'llm', '/api/generate'],
    ['/us-east-1/tutor/sessions/1/turns', 'chat', '/tutor/sessions/1/turns'],
    ['/us-east-1/scoring/embed', 'scoring', '/embed'],
    ['/us-east-1/feedback', 'scoring', '/feedback'],
    ['/us-east-1/score', 'scoring', '/score'],
    ['/conversations/alice', 'api', '/conversations/alice'],
    ['/conversations/alice/c1?limit=2', 'api', '/conversations/alice/c1?limit=2'],
  ])('%s reaches %s at %s', async (path, upstream, upstreamPath) => {
    const got = await reached(path)
    expect(got.upstream).toBe(upstream)
    expect(got.url).toBe(upstreamPath)
    expect(got.region).toBe('us-east-1')
  })

  test('an admin reaches model management', async () => {
    const got = await reached('/us-east-1/pull', { method: 'POST', body: '{"model":"m"}', admin: true })
    expect(got.url).toBe('/api/pull')
  })

  test('a POST body, its method and content type pass through unchanged', async () => {
    const body = JSON.stringify({ model: 'tiny', prompt: 'héllo' })
    const got = await reached('/us-east-1/generate', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    })
    expect(got.method).toBe('POST')
    expect(got.body).toBe(body)
  })

  test('an unknown region is 404 and lists the known ones', async () => {
    const res = await gw.call('/eu-central-1/tags')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ status: 'error', regions: ['us-east-1', 'us-west-2'] })
  })

  test('an unknown path inside a known region is 404 and reaches nothing', async () => {
    const before = llm.seen.length
    for (const path of ['/us-east-1/nope', '/us-east-1', '/us-east-1/tags/extra', '/us-east-1/scoring']) {
      expect((await gw.call(path)).status, path).toBe(404)
    }
    expect(llm.seen.length).toBe(before)
  })

  test('path tricks are refused before anything is proxied', async () => {
    const before = api.seen.length + llm.seen.length + scoring.seen.length
    for (const path of [
      '/us-east-1/api/%2e%2e/%2e%2e/conversations/bob',
      '/us-east-1/api/tags%2f..%2fx',
      '/us-east-1/scoring/%5c..%5cadmin',
      '/conversations/alice/%2e%2e/bob',
      '/us-east-1/api//tags',
      '/conversations/alice/%zz',
    ]) {
      const res = await gw.call(path)
      expect([400, 403, 404], path).toContain(res.status)
    }
    expect(api.seen.length + llm.seen.length + scoring.seen.length).toBe(before)
  })

  test('/regions reports healthy and total workers per pool', async () => {
    const res = await gw.call('/regions')
    expect(res.status).toBe(200)
    const { data } = (await res.json()) as { data: { name: string; pools: Record<string, unknown> }[] }
    expect(data.map((r) => r.name)).toEqual(['us-east-1', 'us-west-2'])
    expect(data[0]!.pools.llm).toMatchObject({ healthy: 1, total: 1, queueDepth: 0, inFlight: 0 })
    expect(data[1]!.pools.llm).toMatchObject({ healthy: 0, total: 0 })
  })

  test('/healthz needs no token; /metrics on the public port only for admins, and shows upstream counts', async () => {
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200)
    expect((await fetch(`${gw.url}/metrics`)).status).toBe(401)
    expect((await gw.call('/metrics')).status).toBe(403)
    const metrics = await (await gw.call('/metrics', { admin: true })).text()
    expect(metrics).toContain('gateway_upstream_requests_total')
    expect(metrics).toContain('gateway_pool_workers')
  })
})

describe('browsers', () => {
  test('a CORS preflight is answered without a token and reaches nothing', async () => {
    const before = llm.seen.length
    const res = await fetch(`${gw.url}/us-east-1/chat`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization')
    expect(llm.seen.length).toBe(before)
  })

  test('responses expose the region header to scripts', async () => {
    const res = await gw.call('/us-east-1/tags', { headers: { origin: 'http://localhost:3000' } })
    expect(res.headers.get('access-control-expose-headers')).toContain('x-parley-region')
  })
})

describe('identity', () => {
  test('the verified user goes upstream in x-parley-user; a spoofed one is dropped; the token is forwarded', async () => {
    const token = await gw.token('alice')
    const res = await fetch(`${gw.url}/us-east-1/tags`, {
      headers: { authorization: `Bearer ${token}`, 'x-parley-user': 'mallory' },
    })
    expect(res.status).toBe(200)
    const { headers } = (await res.json()) as { headers: Record<string, string> }
    expect(headers['x-parley-user']).toBe('alice')
    expect(headers.authorization).toBe(`Bearer ${token}`)
    expect(headers['x-request-id']).toBeTruthy()
  })

  test('headers the caller names in Connection are hop-by-hop and stay behind', async () => {
    const token = await gw.token('alice')
    // fetch refuses a custom Connection header, so this one goes out through node:http.
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(`${gw.url}/us-east-1/tags`, {
        headers: { authorization: `Bearer ${token}`, connection: 'keep-alive, x-hop', 'x-hop': '1', 'x-kept': '1' },
      })
      req.on('response', (res) => {
        let text = ''
        res.on('data', (c: Buffer) => {
          text += c.toString()
        })
        res.on('end', () => resolve(text))
      })
      req.on('error', reject)
      req.end()
    })
    const { headers } = JSON.parse(body) as { headers: Record<string, string> }
    expect(headers['x-hop']).toBeUndefined()
    expect(headers['x-kept']).toBe('1')
  })

  test('no token, a malformed one, a forged one or an expired one is 401 and reaches nothing', async () => {
    const before = llm.seen.length + api.seen.length
    const forged = `${(await gw.token('alice')).slice(0, -4)}AAAA`
    const expired = await gw.issuer.sign({ sub: 'alice', expiresInSeconds: -3600 })
    for (const authorization of [
      undefined,
      'Bearer',
      'Basic YTpi',
      'Bearer not.a.jwt',
      `Bearer ${forged}`,
      `Bearer ${expired}`,
    ]) {
      for (const path of ['/us-east-1/tags', '/conversations/alice', '/regions', '/nowhere/tags']) {
        const res = await fetch(`${gw.url}${path}`, { headers: authorization ? { authorization } : {} })
        expect(res.status, `${path} with ${authorization}`).toBe(401)
        expect(res.headers.get('x-parley-region')).toBeTruthy()
      }
    }
    expect(llm.seen.length + api.seen.length).toBe(before)
  })

  test("another user's conversations are 403 and reach nothing", async () => {
    const before = api.seen.length
    for (const method of ['GET', 'PUT', 'DELETE']) {
      expect((await gw.call('/conversations/bob/c1', { method, sub: 'alice' })).status).toBe(403)
    }
    expect(api.seen.length).toBe(before)
  })
})
