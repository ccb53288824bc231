import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ServiceProcess } from '../src/cluster/index.js'
import { startTestGateway, type TestGateway, topologyOf } from './support/gateway.js'
import { generateBody, generatesServed, ndjsonLines, prepareModels, spawnLlmWorker } from './support/llm-workers.js'
import { waitFor } from './support/upstream.js'

// The "done when" list, against real `parley llm-worker` processes on a tiny generated model.

let models: ReturnType<typeof prepareModels>
let east: ServiceProcess[]
let west: ServiceProcess[]
let gw: TestGateway
const killed = new Set<ServiceProcess>()

async function kill(p: ServiceProcess) {
  killed.add(p)
  process.kill(p.pid, 'SIGKILL')
  await p.exited
}

beforeAll(async () => {
  models = prepareModels()
  ;[east, west] = await Promise.all([
    Promise.all([1, 2].map((i) => spawnLlmWorker(models.dir, models.modelsDir, `east-${i}`))),
    Promise.all([1].map((i) => spawnLlmWorker(models.dir, models.modelsDir, `west-${i}`))),
  ])
  gw = await startTestGateway(
    topologyOf({ 'us-east-1': { llm: east.map((w) => w.url) }, 'us-west-2': { llm: west.map((w) => w.url) } }),
    {
      GATEWAY_HEALTH_INTERVAL_MS: '500',
      GATEWAY_IDLE_TIMEOUT_MS: '15000',
      GATEWAY_MAX_BODY_BYTES: '65536',
      GATEWAY_RATE_BURST: '40',
      GATEWAY_RATE_PER_SECOND: '0.01',
      GATEWAY_MAX_CONCURRENT_PER_USER: '6',
    },
  )
})
afterAll(async () => {
  await gw?.stop()
  await Promise.all([...(east ?? []), ...(west ?? [])].map((w) => w.stop(2_000)))
  models?.cleanup()
})

const eastWorkers = () => gw.upstreams.failoverOrder('us-east-1', 'llm', false)[0]!.workers
const generate = (numPredict: number, sub = 'alice') =>
  gw.call('/us-east-1/generate', { method: 'POST', body: generateBody(numPredict), sub })

describe('with real llm-worker processes', () => {
  test('concurrent streams spread across the workers, and each completes', async () => {
    const before = await Promise.all(east.map((w) => generatesServed(w.url)))
    const streams = await Promise.all([1, 2, 3, 4].map(() => generate(64, 'spread')))
    for (const res of streams) {
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain('application/x-ndjson')
    }
    for (const res of streams) {
      const lines = await ndjsonLines(res)
      expect(lines.at(-1)).toMatchObject({ done: true })
      expect(lines.some((l) => 'error' in l)).toBe(false)
    }
    // Counted by the workers themselves: both took a share.
    const served = (await Promise.all(east.map((w) => generatesServed(w.url)))).map((n, i) => n - before[i]!)
    expect(served.reduce((a, b) => a + b)).toBe(4)
    expect(Math.min(...served)).toBeGreaterThanOrEqual(1)
    await waitFor(() => (eastWorkers().every((w) => w.outstanding === 0) ? true : undefined))
  })

  test('a stream in flight on a killed worker ends with a clean error line, never hangs', async () => {
    const res = await generate(100_000, 'victim')
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    const first = await reader.read()
    expect(first.done).toBe(false)
    const busy = eastWorkers().find((w) => w.outstanding === 1)!
    const victim = east.find((p) => p.url === busy.url)!
    await kill(victim)

    let text = new TextDecoder().decode(first.value)
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
    const lines = text.split('\n').filter(Boolean)
    const last = JSON.parse(lines.at(-1)!) as { error?: string }
    expect(last.error).toContain('mid-stream')
    // Every line before it is a whole JSON object.
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow()
  })

  test('with one worker of the region dead, new requests keep succeeding in that region', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await generate(8, 'survivor')
      expect(res.status).toBe(200)
      expect(res.headers.get('x-parley-region')).toBe('us-east-1')
      expect((await ndjsonLines(res)).at(-1)).toMatchObject({ done: true })
    }
  })

  test('with the whole region dead, requests fail over to the next region and the header says so', async () => {
    for (const p of east.filter((p) => !killed.has(p))) await kill(p)
    for (let i = 0; i < 3; i++) {
      const res = await generate(8, 'failover')
      expect(res.status).toBe(200)
      expect(res.headers.get('x-parley-region')).toBe('us-west-2')
      expect((await ndjsonLines(res)).at(-1)).toMatchObject({ done: true })
    }
    const tags = await gw.call('/us-east-1/tags', { sub: 'failover' })
    expect(tags.headers.get('x-parley-region')).toBe('us-west-2')
    expect(await tags.json()).toMatchObject({ models: [expect.objectContaining({ name: 'parley-tiny:latest' })] })
    await waitFor(async () => {
      const llm = (await gw.regions()).data[0]!.pools.llm
      return llm.healthy === 0 && llm.total === 2 ? true : undefined
    })
  })

  test("a worker's 4xx answers (malformed JSON, wrong types, unknown model) pass through and eject nothing", async () => {
    for (const [body, status] of [
      ['{"model":', 400],
      ['{"model":5,"prompt":[]}', 400],
      ['{"model":"no-such-model:latest","prompt":"hi"}', 404],
      ['{"model":"no-such-model:latest","prompt":"hi"}', 404],
    ] as const) {
      const res = await gw.call('/us-west-2/generate', { method: 'POST', body, sub: 'typo' })
      expect(res.status, body).toBe(status)
      expect(res.headers.get('x-parley-region')).toBe('us-west-2')
    }
    expect((await gw.regions()).data[1]!.pools.llm.healthy).toBe(1)
  })

  test('auth, body size and rate limit hold in front of real workers', async () => {
    const noToken = await fetch(`${gw.url}/us-west-2/generate`, { method: 'POST', body: generateBody(4) })
    expect(noToken.status).toBe(401)
    const tooBig = await gw.call('/us-west-2/generate', {
      method: 'POST',
      body: JSON.stringify({ model: 'parley-tiny:latest', prompt: 'x'.repeat(70_000) }),
      sub: 'big',
    })
    expect(tooBig.status).toBe(413)
    const statuses: number[] = []
    for (let i = 0; i < 41; i++) statuses.push((await gw.call('/us-west-2/tags', { sub: 'greedy' })).status)
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true)
    expect(statuses[40]).toBe(429)
  })
})
