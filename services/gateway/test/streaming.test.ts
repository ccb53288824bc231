import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startTestGateway, type TestGateway, topologyOf } from './support/gateway.js'
import { ndjsonStream, sseStream, startUpstream, type TestUpstream, waitFor } from './support/upstream.js'

let ndjson: TestUpstream
let sse: TestUpstream
let gw: TestGateway
let slow: TestUpstream | undefined

beforeAll(async () => {
  ndjson = await startUpstream('ndjson', ndjsonStream)
  sse = await startUpstream('sse', sseStream)
  gw = await startTestGateway(topologyOf({ 'us-east-1': { llm: [ndjson.url], chat: [sse.url] } }), {
    GATEWAY_IDLE_TIMEOUT_MS: '400',
    GATEWAY_HEALTH_INTERVAL_MS: '0',
    // Every test here breaks a stream on purpose; ejection is resilience.test.ts's subject.
    GATEWAY_EJECT_AFTER_FAILURES: '1000',
  })
})
afterAll(async () => {
  await gw.stop()
  await Promise.all([ndjson.close(), sse.close(), slow?.close()])
})

const decoder = new TextDecoder()

/** Opens a stream and returns a reader of its text, after the upstream handler has its response object. */
async function open(path: string, upstream: TestUpstream) {
  const before = upstream.seen.length
  const res = await gw.call(path, { method: 'POST', body: '{}' })
  expect(res.status).toBe(200)
  await waitFor(() => (upstream.open.length > 0 && upstream.seen.length > before ? true : undefined))
  const reader = res.body!.getReader()
  return {
    res,
    upstreamRes: upstream.open.at(-1)!,
    next: async () => {
      const { value, done } = await reader.read()
      return done ? undefined : decoder.decode(value)
    },
    rest: async () => {
      let text = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return text
        text += decoder.decode(value)
      }
    },
  }
}

describe('streaming', () => {
  test('chunks pass through one by one, not buffered until the end', async () => {
    const s = await open('/us-east-1/generate', ndjson)
    expect(s.res.headers.get('content-type')).toBe('application/x-ndjson')
    expect(await s.next()).toBe('{"response":"a","done":false}\n')
    // The second line is written only after the first was read through the gateway.
    s.upstreamRes.write('{"response":"b","done":false}\n')
    expect(await s.next()).toBe('{"response":"b","done":false}\n')
    s.upstreamRes.end('{"done":true}\n')
    expect(await s.rest()).toBe('{"done":true}\n')
  })

  test('an NDJSON stream whose worker dies ends with one clean error line', async () => {
    const s = await open('/us-east-1/generate', ndjson)
    expect(await s.next()).toContain('"a"')
    s.upstreamRes.socket!.destroy()
    const tail = await s.rest()
    expect(tail.endsWith('\n')).toBe(true)
    expect(JSON.parse(tail)).toMatchObject({ error: expect.stringContaining('mid-stream') })
  })

  test('a line cut in half is closed before the error line, so every line still parses on its own', async () => {
    const s = await open('/us-east-1/generate', ndjson)
    await s.next()
    s.upstreamRes.write('{"response":"hal')
    expect(await s.next()).toBe('{"response":"hal')
    s.upstreamRes.socket!.destroy()
    const tail = await s.rest()
    const lines = tail.split('\n')
    expect(lines[0]).toBe('')
    expect(JSON.parse(lines[1]!)).toHaveProperty('error')
  })

  test('an SSE stream whose worker dies ends with an error event', async () => {
    const s = await open('/us-east-1/tutor/reply', sse)
    expect(s.res.headers.get('content-type')).toBe('text/event-stream')
    expect(await s.next()).toBe('data: {"delta":"a"}\n\n')
    s.upstreamRes.socket!.destroy()
    const tail = await s.rest()
    expect(tail).toMatch(/^event: error\ndata: \{"error":".*"\}\n\n$/)
  })

  test('a worker that goes silent is cut off after the idle timeout with an error line', async () => {
    const s = await open('/us-east-1/generate', ndjson)
    await s.next()
    const tail = await s.rest()
    expect(JSON.parse(tail).error).toContain('no data')
    await waitFor(() => (ndjson.open.length === 0 ? true : undefined))
  })

  test('a worker that sends its head and then evaluates a long prompt is not cut at the idle timeout', async () => {
    // Headers at once, the first token after several idle periods: what a queued request on a busy pool looks like.
    slow = await startUpstream('slow', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' }).flushHeaders()
      setTimeout(() => res.end('{"response":"late","done":true}\n'), 1_200)
    })
    const gwSlow = await startTestGateway(topologyOf({ 'us-east-1': { llm: [slow.url] } }), {
      GATEWAY_IDLE_TIMEOUT_MS: '300',
      GATEWAY_FIRST_BYTE_TIMEOUT_MS: '20000',
      GATEWAY_HEALTH_INTERVAL_MS: '0',
    })
    try {
      const res = await gwSlow.call('/us-east-1/generate', { method: 'POST', body: '{}' })
      expect(res.status).toBe(200)
      expect(await res.text()).toBe('{"response":"late","done":true}\n')
    } finally {
      await gwSlow.stop()
    }
  })

  test('a response that has started is never retried, so a generation is never duplicated', async () => {
    const before = ndjson.seen.length
    const s = await open('/us-east-1/generate', ndjson)
    s.upstreamRes.socket!.destroy()
    await s.rest()
    expect(ndjson.seen.length).toBe(before + 1)
  })
})
