import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startTestGateway, type TestGateway, topologyOf } from './support/gateway.js'
import { ndjsonStream, startUpstream, type TestUpstream, waitFor } from './support/upstream.js'

/** A clock the test moves by hand, so the token bucket refills exactly when the test says. */
const clock = { t: 1_000_000, now: () => clock.t }

let echo: TestUpstream
let held: TestUpstream
let gw: TestGateway

beforeAll(async () => {
  echo = await startUpstream('echo')
  held = await startUpstream('held', ndjsonStream)
  gw = await startTestGateway(
    topologyOf({ 'us-east-1': { llm: [echo.url], chat: [held.url] } }),
    {
      GATEWAY_MAX_BODY_BYTES: '1024',
      GATEWAY_RATE_PER_SECOND: '1',
      GATEWAY_RATE_BURST: '3',
      GATEWAY_MAX_CONCURRENT_PER_USER: '2',
    },
    clock,
  )
})
afterAll(async () => {
  await gw.stop()
  await Promise.all([echo.close(), held.close()])
})

describe('body size', () => {
  test('a body over the limit is 413 and reaches nothing, with or without a content-length', async () => {
    const before = echo.seen.length
    const big = 'x'.repeat(2048)
    const declared = await gw.call('/us-east-1/generate', { method: 'POST', body: big, sub: 'big-1' })
    expect(declared.status).toBe(413)
    // The rest of the body may still be on its way, so the connection is closed after the answer, cleanly.
    expect(declared.headers.get('connection')).toBe('close')
    const chunked = await gw.call('/us-east-1/generate', {
      method: 'POST',
      sub: 'big-2',
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 4; i++) c.enqueue(new TextEncoder().encode(big.slice(0, 512)))
          c.close()
        },
      }),
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(413)
    expect(echo.seen.length).toBe(before)
    // A large upload sees its 413 too (never a reset), and the next request on a new connection is served.
    const huge = await gw.call('/us-east-1/generate', { method: 'POST', body: 'z'.repeat(4 << 20), sub: 'big-4' })
    expect(huge.status).toBe(413)
    expect((await gw.call('/us-east-1/tags', { sub: 'big-4' })).status).toBe(200)
  })

  test('a body at the limit passes', async () => {
    const res = await gw.call('/us-east-1/generate', { method: 'POST', body: 'y'.repeat(1024), sub: 'big-3' })
    expect(res.status).toBe(200)
  })
})

describe('rate limit', () => {
  test('past the burst a user gets 429 with Retry-After; other users are unaffected; tokens come back', async () => {
    for (let i = 0; i < 3; i++) expect((await gw.call('/us-east-1/tags', { sub: 'rate' })).status).toBe(200)
    const before = echo.seen.length
    const limited = await gw.call('/us-east-1/tags', { sub: 'rate' })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(await limited.json()).toMatchObject({ status: 'error', code: 'too_many_requests' })
    expect(echo.seen.length).toBe(before)

    expect((await gw.call('/us-east-1/tags', { sub: 'someone-else' })).status).toBe(200)

    clock.t += 1_000
    expect((await gw.call('/us-east-1/tags', { sub: 'rate' })).status).toBe(200)
    expect((await gw.call('/us-east-1/tags', { sub: 'rate' })).status).toBe(429)
  })
})

describe('concurrency per user', () => {
  test('open streams count until they end; past the cap the next request is 429', async () => {
    const a = await gw.call('/us-east-1/tutor/stream', { sub: 'busy' })
    const b = await gw.call('/us-east-1/tutor/stream', { sub: 'busy' })
    expect([a.status, b.status]).toEqual([200, 200])
    await waitFor(() => (held.open.length === 2 ? true : undefined))

    const third = await gw.call('/us-east-1/tutor/stream', { sub: 'busy' })
    expect(third.status).toBe(429)
    expect(third.headers.get('retry-after')).toBe('1')

    // Ending one stream upstream frees its slot.
    held.open[0]!.end()
    await a.text()
    clock.t += 10_000
    const fourth = await gw.call('/us-east-1/tutor/stream', { sub: 'busy' })
    expect(fourth.status).toBe(200)
    for (const res of held.open) res.end()
    await Promise.all([b.text(), fourth.text()])
  })

  test('a client that walks away mid-stream frees its slot and the worker', async () => {
    clock.t += 10_000
    const controller = new AbortController()
    const res = await gw.call('/us-east-1/tutor/stream', { sub: 'leaver', signal: controller.signal })
    await waitFor(() => (held.open.length === 1 ? true : undefined))
    const reader = res.body!.getReader()
    await reader.read()
    controller.abort()
    await waitFor(() => (held.open.length === 0 ? true : undefined))
    expect((await gw.regions()).data[0]!.pools.chat.inFlight).toBe(0)
  })
})
