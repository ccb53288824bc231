import type { Server, ServerOptions } from 'node:http'
import type { Socket } from 'node:net'
import { z } from 'zod'
import { loadConfig } from './config.js'

/** How long a client may take over each part of a connection before the server closes it. */
export type HttpTimeouts = {
  /** From connect (or the end of the previous request) to the last request header. */
  headersMs: number
  /** From connect to the last byte of the request body. The response (a long LLM stream) is not limited by it. */
  requestMs: number
  /** How long a kept-alive connection may sit idle between requests. */
  keepAliveMs: number
  /** Longest silence on a socket in either direction, responses included; 0 = none. Above the slowest first byte. */
  idleMs: number
}

const int = (fallback: number) => z.coerce.number().int().min(0).default(fallback)

/** The environment variables that set every service's HTTP timeouts (each service reads them the same way). */
export const httpTimeoutEnv = {
  HTTP_HEADERS_TIMEOUT_MS: int(10_000),
  HTTP_REQUEST_TIMEOUT_MS: int(60_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(5_000),
  HTTP_IDLE_TIMEOUT_MS: int(300_000),
}

export function httpTimeoutsFromEnv(vars: Record<string, string | undefined> = process.env): HttpTimeouts {
  const c = loadConfig(httpTimeoutEnv, vars)
  return {
    headersMs: c.HTTP_HEADERS_TIMEOUT_MS,
    requestMs: c.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveMs: c.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    idleMs: c.HTTP_IDLE_TIMEOUT_MS,
  }
}

/**
 * Options for `http.createServer`. Node checks the header and request deadlines only every
 * `connectionsCheckingInterval` (30 s by default), so it is tied to the shortest deadline; Node also insists that
 * the headers deadline is not longer than the request deadline.
 */
export function serverOptionsFor(t: HttpTimeouts): ServerOptions {
  const requestMs = t.requestMs
  const headersMs = requestMs > 0 && t.headersMs > requestMs ? requestMs : t.headersMs
  const shortest = Math.min(...[headersMs, requestMs].filter((ms) => ms > 0), 30_000)
  return {
    headersTimeout: headersMs,
    requestTimeout: requestMs,
    keepAliveTimeout: t.keepAliveMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(shortest / 4))),
  }
}

export function applyIdleTimeout(server: Server, t: HttpTimeouts): void {
  // With no 'timeout' listener Node destroys the socket; this is the last resort against a silent peer.
  server.timeout = t.idleMs
}

/** What a 413 may still read from the client so that it gets to read the answer, then the connection closes. */
export const DRAIN_AFTER_413 = { maxBytes: 8 * 1024 * 1024, maxMs: 5_000 }

/**
 * After a 413 the request body is still on its way. Closing at once makes the client's next write meet a reset, and
 * a reset can throw away the 413 it has not read yet (ECONNRESET instead of the answer). So the response goes out
 * with `Connection: close`, and when Node then closes the socket, this sends FIN and keeps reading (and discarding)
 * up to a bounded amount and time before destroying it: a lingering close.
 */
export function lingerOnClose(socket: Socket, limits = DRAIN_AFTER_413): void {
  const s = socket as Socket & { destroySoon?: () => void; parleyLinger?: boolean }
  if (s.parleyLinger) return
  s.parleyLinger = true
  s.destroySoon = () => {
    let read = 0
    const finish = () => {
      clearTimeout(timer)
      socket.destroy()
    }
    const timer = setTimeout(finish, limits.maxMs)
    timer.unref()
    socket.end()
    socket.on('data', (chunk: Buffer) => {
      read += chunk.length
      if (read > limits.maxBytes) finish()
    })
    socket.once('end', finish)
    socket.once('close', () => clearTimeout(timer))
    socket.resume()
  }
}
