import { Writable } from 'node:stream'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  createBaseApp,
  createLogger,
  createMetrics,
  currentContext,
  type RunningService,
  serveApp,
  tracedFetch,
} from '../src/index.js'

// Two real services over HTTP: "front" calls "back"; both log, and we read what each logged.
const logged: Record<string, unknown>[] = []
const sink = new Writable({
  write(chunk, _enc, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) logged.push(JSON.parse(line))
    done()
  },
})
let front: RunningService
let back: RunningService

beforeAll(async () => {
  const backLog = createLogger({ name: 'back', destination: sink })
  back = await serveApp({
    name: 'back',
    log: backLog,
    app: createBaseApp({ log: backLog }).get('/who', (c) => {
      backLog.info('back handled')
      return c.json({ requestId: c.get('requestId'), traceId: currentContext()?.traceId })
    }),
  })
  const frontLog = createLogger({ name: 'front', destination: sink })
  const metrics = createMetrics('front', { defaults: false })
  front = await serveApp({
    name: 'front',
    log: frontLog,
    metrics,
    app: createBaseApp({ log: frontLog, metrics }).get('/call', async (c) => {
      frontLog.info('front calling back')
      const res = await tracedFetch(`${back.url}/who`)
      return c.json({ mine: c.get('requestId'), trace: currentContext()?.traceId, back: await res.json() })
    }),
  })
})
afterAll(async () => {
  await front?.close()
  await back?.close()
})

test('a given x-request-id travels to the next service, in responses and in both logs', async () => {
  const res = await fetch(`${front.url}/call`, { headers: { 'x-request-id': 'req-abc-123' } })
  const body = (await res.json()) as { mine: string; trace: string; back: { requestId: string; traceId: string } }
  expect(res.headers.get('x-request-id')).toBe('req-abc-123')
  expect(body.mine).toBe('req-abc-123')
  expect(body.back.requestId).toBe('req-abc-123')
  expect(body.back.traceId).toBe(body.trace)
  const lines = logged.filter((l) => l.requestId === 'req-abc-123').map((l) => l.service)
  expect(lines).toEqual(expect.arrayContaining(['front', 'back']))
})

test('a W3C traceparent keeps its trace id; a missing request id is generated', async () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
  const res = await fetch(`${front.url}/call`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } })
  const body = (await res.json()) as { mine: string; back: { requestId: string; traceId: string } }
  expect(body.back.traceId).toBe(traceId)
  expect(body.mine).toMatch(/^[0-9a-f-]{36}$/)
  expect(body.back.requestId).toBe(body.mine)
})

test('a hostile request id is replaced rather than echoed', async () => {
  const res = await fetch(`${front.url}/call`, { headers: { 'x-request-id': 'bad id\twith spaces and {json}' } })
  expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
})

test('/healthz and /metrics answer, and metrics count requests by route pattern', async () => {
  const health = await fetch(`${front.url}/healthz`)
  expect(await health.json()).toEqual({ status: 'ok', service: 'front' })
  const metrics = await (await fetch(`${front.url}/metrics`)).text()
  expect(metrics).toMatch(/http_requests_total\{[^}]*route="\/call"[^}]*status="200"[^}]*\} [1-9]/)
  expect(metrics).toMatch(/http_request_duration_seconds_bucket/)
})
