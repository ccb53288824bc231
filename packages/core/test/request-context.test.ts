import { Writable } from 'node:stream'
import { expect, test } from 'vitest'
import { contextFromHeaders, createBaseApp, createLogger } from '../src/index.js'

function capture() {
  const lines: Record<string, unknown>[] = []
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  })
  return { lines, destination }
}

test('generated trace and span ids are well-formed W3C hex and never repeat', () => {
  const seen = new Set<string>()
  // Enough ids to cross several refills of the random pool.
  for (let i = 0; i < 2000; i++) {
    const ctx = contextFromHeaders(new Headers())
    expect(ctx.traceId).toMatch(/^[0-9a-f]{32}$/)
    expect(ctx.spanId).toMatch(/^[0-9a-f]{16}$/)
    expect(ctx.requestId).toMatch(/^[0-9a-f-]{36}$/)
    for (const id of [ctx.traceId, ctx.spanId, ctx.requestId]) {
      expect(seen.has(id)).toBe(false)
      seen.add(id)
    }
  }
})

test('at debug level each request logs one access line carrying its request and trace ids', async () => {
  const { lines, destination } = capture()
  const log = createLogger({ name: 'svc', level: 'debug', destination })
  const app = createBaseApp({ log }).get('/x', (c) => c.text('ok'))
  const res = await app.request('/x', { headers: { 'x-request-id': 'req-1' } })
  expect(res.headers.get('x-request-id')).toBe('req-1')
  const access = lines.filter((l) => l.msg === 'request')
  expect(access).toHaveLength(1)
  expect(access[0]).toMatchObject({ requestId: 'req-1', method: 'GET', path: '/x', status: 200 })
  expect(access[0]?.traceId).toMatch(/^[0-9a-f]{32}$/)
})

test('at info level no access line is written', async () => {
  const { lines, destination } = capture()
  const log = createLogger({ name: 'svc', level: 'info', destination })
  const app = createBaseApp({ log }).get('/x', (c) => c.text('ok'))
  await app.request('/x')
  expect(lines.filter((l) => l.msg === 'request')).toHaveLength(0)
})

test('without AsyncLocalStorage (asyncContext: false) the error and access lines still carry the request ids', async () => {
  const { lines, destination } = capture()
  const log = createLogger({ name: 'svc', level: 'debug', destination })
  const app = createBaseApp({ log, asyncContext: false }).get('/boom', () => {
    throw new Error('kaput')
  })
  const res = await app.request('/boom', { headers: { 'x-request-id': 'req-2' } })
  expect(res.status).toBe(500)
  expect(res.headers.get('x-request-id')).toBe('req-2')
  const error = lines.find((l) => l.msg === 'unhandled error')
  expect(error).toMatchObject({ requestId: 'req-2' })
  expect(error?.traceId).toMatch(/^[0-9a-f]{32}$/)
  expect(lines.find((l) => l.msg === 'request')).toMatchObject({ requestId: 'req-2', status: 500 })
})
