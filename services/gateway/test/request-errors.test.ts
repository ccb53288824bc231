import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestIssuer } from '@parley/auth/testing'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { type ServiceProcess, spawnService } from '../src/cluster/index.js'
import { startTestGateway, type TestGateway, topologyOf } from './support/gateway.js'
import { CLI, prepareModels, requestsServed, spawnLlmWorker, TINY_MODEL } from './support/llm-workers.js'
import { startUpstream } from './support/upstream.js'

// A request that fails for its own reasons (a 4xx, or a 500 its input caused) must not count against the worker
// that answered it, nor travel to another region: otherwise a learner's bad input ejects pools for everyone.
// Active health checks are off throughout, so every ejection here could only come from requests.
const PASSIVE = { GATEWAY_HEALTH_INTERVAL_MS: '0', GATEWAY_EJECT_AFTER_FAILURES: '2' }
const json = { 'content-type': 'application/json' }

describe('against upstreams that answer each request with its own error', () => {
  const started: { close?: () => Promise<void>; stop?: () => Promise<void> }[] = []
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => (s.stop ?? s.close)!()))
  })
  /** us-east-1's only LLM worker answers every request with `status`; us-west-2's answers 200. */
  async function twoRegions(status: number, body: string) {
    const east = await startUpstream('east', (_req, res) => res.writeHead(status).end(body))
    const west = await startUpstream('west')
    started.push(east, west)
    const topology = topologyOf({ 'us-east-1': { llm: [east.url] }, 'us-west-2': { llm: [west.url] } })
    const gw = await startTestGateway(topology, PASSIVE)
    started.push(gw)
    return { east, west, gw }
  }

  test.each([500, 400, 413, 422])(
    'a worker answering %i is never ejected and nothing moves to the next region',
    async (status) => {
      const { east, west, gw } = await twoRegions(status, '{"error":"your input"}')
      for (let i = 0; i < 6; i++) {
        const res = await gw.call('/us-east-1/embed', { method: 'POST', headers: json, body: '{"input":"x"}' })
        expect(res.status).toBe(status)
        expect(res.headers.get('x-parley-region')).toBe('us-east-1')
      }
      expect(east.seen.length).toBe(6)
      expect(west.seen.length).toBe(0)
      expect((await gw.regions()).data.map((r) => r.pools.llm.healthy)).toEqual([1, 1])
    },
  )

  test('a 503 from the worker itself still counts, and the next request fails over', async () => {
    const { gw } = await twoRegions(503, '{"error":"overloaded"}')
    expect((await gw.call('/us-east-1/tags')).status).toBe(503)
    expect((await gw.call('/us-east-1/tags')).status).toBe(503)
    const moved = await gw.call('/us-east-1/tags')
    expect(moved.status).toBe(200)
    expect(moved.headers.get('x-parley-region')).toBe('us-west-2')
  })
})

describe('against real services', () => {
  let dir: string
  let models: ReturnType<typeof prepareModels>
  let api: ServiceProcess
  const workers: ServiceProcess[] = []
  let gw: TestGateway

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-gw-requests-'))
    models = prepareModels()
    const issuer = await startTestIssuer()
    const [apiProcess, east, west] = await Promise.all([
      spawnService({
        label: 'api',
        cli: CLI,
        args: ['api', '--port', '0'],
        env: {
          ...process.env,
          PARLEY_DATA_DIR: dir,
          DATABASE_URL: '',
          AUTH_ISSUER: issuer.issuer,
          AUTH_JWKS_URL: issuer.jwksUrl,
          AUTH_CLIENT_IDS: issuer.clientId,
          LOG_LEVEL: 'warn',
          SHUTDOWN_TIMEOUT_MS: '1000',
        },
        logFile: join(dir, 'api.log'),
      }),
      spawnLlmWorker(models.dir, models.modelsDir, 'llm us-east-1'),
      spawnLlmWorker(models.dir, models.modelsDir, 'llm us-west-2'),
    ])
    api = apiProcess
    workers.push(east, west)
    gw = await startTestGateway(
      topologyOf({ 'us-east-1': { llm: [east.url] }, 'us-west-2': { llm: [west.url] } }, [api.url]),
      PASSIVE,
      undefined,
      issuer,
    )
  }, 120_000)
  afterAll(async () => {
    await gw?.stop()
    await Promise.all([api, ...workers].filter(Boolean).map((p) => p.stop(2_000)))
    models?.cleanup()
    rmSync(dir, { recursive: true, force: true })
  })

  test('three (and more) deeply nested upserts do not eject the api', async () => {
    const deep = `${'['.repeat(200_000)}1${']'.repeat(200_000)}`
    const id = '00000000-0000-4000-8000-000000000001'
    for (let i = 0; i < 4; i++) {
      const res = await gw.call('/conversations/alice', {
        method: 'POST',
        headers: json,
        body: `{"id":"${id}","title":"t","conversation":[{"role":"user","content":"hi","x":${deep}}]}`,
      })
      expect(res.status).toBeLessThan(502)
    }
    expect(gw.upstreams.api.snapshot().healthy).toBe(1)
    const ok = await gw.call('/conversations/alice', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ id, title: 't', conversation: [{ role: 'user', content: 'hi' }] }),
    })
    expect(ok.status).toBe(201)
  })

  test('over-long embeds eject the LLM workers of neither region and never cross to the other region', async () => {
    const input = 'word '.repeat(20_000)
    for (const truncate of [false, undefined, false, false]) {
      const res = await gw.call('/us-east-1/embed', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ model: TINY_MODEL, input, ...(truncate !== undefined && { truncate }) }),
      })
      expect([502, 503, 504]).not.toContain(res.status)
      expect(res.headers.get('x-parley-region')).toBe('us-east-1')
      await res.arrayBuffer()
    }
    expect((await gw.regions()).data.map((r) => r.pools.llm.healthy)).toEqual([1, 1])
    expect(await requestsServed(workers[1]!.url, '/api/embed')).toBe(0)
    const fine = await gw.call('/us-east-1/embed', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ model: TINY_MODEL, input: 'short' }),
    })
    expect(fine.status).toBe(200)
    expect(fine.headers.get('x-parley-region')).toBe('us-east-1')
  })
})
