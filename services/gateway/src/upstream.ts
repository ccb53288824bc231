import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http'
import https from 'node:https'

export type UpstreamTimeouts = {
  /** To open the TCP connection (a reused keep-alive socket skips this). */
  connectMs: number
  /** From connected to the response's status line: model loading and prompt processing happen here. */
  firstByteMs: number
  /** Longest silence allowed between two chunks of a response body. */
  idleMs: number
}

/** A failure before the upstream sent a byte; only these are retried, so no started generation is ever repeated. */
export class UpstreamError extends Error {
  constructor(
    readonly kind: 'connect_timeout' | 'first_byte_timeout' | 'network',
    message: string,
  ) {
    super(message)
    this.name = 'UpstreamError'
  }
}

export type UpstreamRequest = {
  url: URL
  method: string
  headers: OutgoingHttpHeaders
  body?: Buffer
}

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
}

/**
 * Sends a request and resolves with the response as soon as its head arrives, without touching the body. A kept-alive
 * socket that the worker closed just as it was reused is retried once on a fresh one, as Node's docs advise; that is
 * the connection's fault, not the worker's.
 */
export async function sendUpstream(req: UpstreamRequest, timeouts: UpstreamTimeouts): Promise<IncomingMessage> {
  try {
    return await sendOnce(req, timeouts)
  } catch (err) {
    if (err instanceof StaleSocketError) return sendOnce(req, timeouts)
    throw err
  }
}

class StaleSocketError extends UpstreamError {}

function sendOnce(req: UpstreamRequest, timeouts: UpstreamTimeouts): Promise<IncomingMessage> {
  const transport = req.url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    let settled = false
    let timer: NodeJS.Timeout | undefined
    const outgoing = transport.request(req.url, {
      method: req.method,
      headers: req.headers,
      agent: agents[req.url.protocol as 'http:' | 'https:'],
    })
    const fail = (err: UpstreamError) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      outgoing.destroy()
      reject(err)
    }
    const arm = (kind: 'connect_timeout' | 'first_byte_timeout', ms: number) => {
      clearTimeout(timer)
      timer = setTimeout(() => fail(new UpstreamError(kind, `${req.url.origin}: ${kind.replace('_', ' ')}`)), ms)
    }
    arm('connect_timeout', timeouts.connectMs)
    outgoing.on('socket', (socket) => {
      if (socket.connecting) socket.once('connect', () => arm('first_byte_timeout', timeouts.firstByteMs))
      else arm('first_byte_timeout', timeouts.firstByteMs)
    })
    outgoing.on('response', (res) => {
      if (settled) {
        res.destroy()
        return
      }
      settled = true
      clearTimeout(timer)
      resolve(res)
    })
    outgoing.on('error', (err: NodeJS.ErrnoException) => {
      const message = `${req.url.origin}: ${err.message}`
      const stale = outgoing.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')
      fail(stale ? new StaleSocketError('network', message) : new UpstreamError('network', message))
    })
    outgoing.end(req.body)
  })
}
