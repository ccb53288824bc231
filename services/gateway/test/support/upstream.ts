import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type SeenRequest = { method: string; url: string; headers: IncomingMessage['headers']; body: string }

export type TestUpstream = {
  url: string
  seen: SeenRequest[]
  /** Open streaming responses, so a test can push a line, break the connection or go quiet. */
  open: ServerResponse[]
  close(): Promise<void>
}

type Handler = (req: SeenRequest, res: ServerResponse) => void

/**
 * A plain HTTP server standing for any upstream the gateway may front (an Ollama server, say). Only for the edge
 * cases that need exact control of bytes on the wire; the done-when tests use real llm-worker processes.
 * Default handler: /healthz answers ok (plus `health`), everything else echoes what it received as JSON.
 */
export async function startUpstream(
  name: string,
  handler?: Handler,
  health: Record<string, unknown> = {},
): Promise<TestUpstream> {
  const seen: SeenRequest[] = []
  const open: ServerResponse[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      }
      if (request.url === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', ...health }))
        return
      }
      seen.push(request)
      if (handler) {
        open.push(res)
        res.on('close', () => open.splice(open.indexOf(res), 1))
        handler(request, res)
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ upstream: name, ...request }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    seen,
    open,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** An NDJSON stream that sends its head and one line, then waits for the test to act. */
export const ndjsonStream: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/x-ndjson' })
  res.write('{"response":"a","done":false}\n')
}

/** The same as an SSE stream. */
export const sseStream: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' })
  res.write('data: {"delta":"a"}\n\n')
}

/** A URL on which nothing listens: bind a port, then free it. */
export async function deadUrl(): Promise<string> {
  const u = await startUpstream('dead')
  await u.close()
  return u.url
}

/** Polls until `check` returns a value other than undefined, failing after `timeoutMs` (never a bare sleep). */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
