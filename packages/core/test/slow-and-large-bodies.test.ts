import { connect, type Socket } from 'node:net'
import { afterEach, expect, test } from 'vitest'
import {
  createBaseApp,
  httpTimeoutsFromEnv,
  limitBody,
  type RunningService,
  type ServeOptions,
  serveApp,
  silentLogger,
} from '../src/index.js'

const services: RunningService[] = []
afterEach(async () => {
  for (const s of services.splice(0)) await s.close()
})

async function start(timeouts?: ServeOptions['timeouts']) {
  const log = silentLogger()
  const app = createBaseApp({ log }).post('/echo', limitBody(1024), async (c) =>
    c.text(`got ${(await c.req.text()).length}`),
  )
  const svc = await serveApp({ name: 'bodies', app, log, timeouts, shutdownTimeoutMs: 200 })
  services.push(svc)
  return svc
}

/** A raw TCP client: what the server sent, and whether it ended the connection (FIN) or reset it. */
function rawClient(url: string) {
  const { hostname, port } = new URL(url)
  const socket: Socket = connect(Number(port), hostname)
  let received = ''
  socket.on('data', (d) => {
    received += d.toString('latin1')
  })
  const closed = new Promise<{ received: string; error?: string }>((resolve) => {
    let error: string | undefined
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code
    })
    socket.on('close', () => resolve({ received, error }))
  })
  return { socket, closed, connected: new Promise((r) => socket.once('connect', r)) }
}

/** Writes `text` one byte every `everyMs` until the socket closes or the text runs out. */
async function trickle(socket: Socket, text: string, everyMs: number) {
  for (const ch of text) {
    if (socket.destroyed || socket.writableEnded) return
    socket.write(ch)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

test('a client trickling its request headers is cut off with 408', async () => {
  const svc = await start({ headersMs: 300, requestMs: 600 })
  const clients = Array.from({ length: 5 }, () => rawClient(svc.url))
  await Promise.all(clients.map((c) => c.connected))
  for (const c of clients) void trickle(c.socket, `GET /healthz HTTP/1.1\r\nhost: x\r\nx-slow: ${'a'.repeat(400)}`, 40)
  for (const c of clients) {
    const { received } = await c.closed
    expect(received).toMatch(/^HTTP\/1\.1 408/)
  }
  expect((await fetch(`${svc.url}/healthz`)).status).toBe(200)
})

test('a client trickling its request body is cut off with 408', async () => {
  const svc = await start({ headersMs: 300, requestMs: 600 })
  const c = rawClient(svc.url)
  await c.connected
  c.socket.write('POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: 500\r\n\r\n')
  void trickle(c.socket, 'b'.repeat(500), 40)
  const { received } = await c.closed
  expect(received).toMatch(/^HTTP\/1\.1 408/)
})

test('a service given only HTTP_HEADERS_TIMEOUT_MS in its environment applies it', async () => {
  const saved = process.env.HTTP_HEADERS_TIMEOUT_MS
  process.env.HTTP_HEADERS_TIMEOUT_MS = '300'
  try {
    const svc = await start()
    const c = rawClient(svc.url)
    await c.connected
    void trickle(c.socket, `GET /healthz HTTP/1.1\r\nhost: x\r\nx-slow: ${'a'.repeat(400)}`, 40)
    expect((await c.closed).received).toMatch(/^HTTP\/1\.1 408/)
  } finally {
    if (saved === undefined) delete process.env.HTTP_HEADERS_TIMEOUT_MS
    else process.env.HTTP_HEADERS_TIMEOUT_MS = saved
  }
})

test('a response that streams for longer than the request deadline is not cut (LLM streams)', async () => {
  const log = silentLogger()
  const app = createBaseApp({ log }).post('/stream', async (c) => {
    await c.req.text()
    const ticks = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (let i = 0; i < 4; i++) {
          controller.enqueue(new TextEncoder().encode(`tick ${i}\n`))
          await new Promise((r) => setTimeout(r, 300))
        }
        controller.close()
      },
    })
    return new Response(ticks)
  })
  const svc = await serveApp({ name: 'stream', app, log, timeouts: { headersMs: 200, requestMs: 400 } })
  services.push(svc)
  const res = await fetch(`${svc.url}/stream`, { method: 'POST', body: 'go' })
  expect(await res.text()).toBe('tick 0\ntick 1\ntick 2\ntick 3\n')
})

test('the timeouts come from HTTP_*_TIMEOUT_MS, with defaults that bound headers and bodies', () => {
  const defaults = httpTimeoutsFromEnv({})
  expect(defaults.headersMs).toBeGreaterThan(0)
  expect(defaults.requestMs).toBeGreaterThan(0)
  expect(httpTimeoutsFromEnv({ HTTP_HEADERS_TIMEOUT_MS: '1234', HTTP_IDLE_TIMEOUT_MS: '0' })).toMatchObject({
    headersMs: 1234,
    idleMs: 0,
  })
})

test('a 413 closes the connection cleanly: the client reads the 413, then FIN, and a new connection works', async () => {
  const svc = await start()
  for (const declared of [true, false]) {
    const c = rawClient(svc.url)
    await c.connected
    const body = Buffer.alloc(3 * 1024 * 1024, 97)
    c.socket.write(
      declared
        ? `POST /echo HTTP/1.1\r\nhost: x\r\ncontent-length: ${body.length}\r\n\r\n`
        : 'POST /echo HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n',
    )
    c.socket.write(
      declared
        ? body
        : Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]),
    )
    const { received, error } = await c.closed
    expect(error, `declared=${declared}`).toBeUndefined()
    expect(received).toMatch(/^HTTP\/1\.1 413/)
    expect(received.toLowerCase()).toContain('connection: close')
    expect(received).toContain('payload_too_large')
  }
  const next = await fetch(`${svc.url}/echo`, { method: 'POST', body: 'small' })
  expect(await next.text()).toBe('got 5')
})

test('fetch sees the 413 of an oversized upload, never ECONNRESET', async () => {
  const svc = await start()
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${svc.url}/echo`, { method: 'POST', body: Buffer.alloc(4 * 1024 * 1024, 98) })
    expect(res.status).toBe(413)
    expect(res.headers.get('connection')).toBe('close')
  }
  expect((await fetch(`${svc.url}/echo`, { method: 'POST', body: 'ok' })).status).toBe(200)
})
