import type { IncomingMessage } from 'node:http'
import proxyAddr from 'proxy-addr'
import { CLIENT_IP_HEADER } from './client-ip'

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const JSON_TYPE = /^application\/json\s*(;|$)/i

export type Refusal = { status: number; code: string; message: string }

/**
 * Refuses a state-changing request that a browser sent from another site (login CSRF, cross-site form posts):
 * `Sec-Fetch-Site` must say same-origin, and `Origin`, when present, must be this server's host or an allowed
 * origin. A request with a body must be `application/json`, which a cross-site HTML form cannot send without a
 * CORS preflight this server never grants. Clients that are not browsers send neither header and pass.
 */
export function crossSiteRefusal(req: IncomingMessage, allowedOrigins: readonly string[]): Refusal | undefined {
  if (!STATE_CHANGING.has(req.method ?? 'GET')) return undefined
  const site = req.headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return { status: 403, code: 'cross_site', message: 'Cross-site requests are not accepted.' }
  const origin = req.headers.origin
  if (origin !== undefined && !allowedOrigins.includes(origin) && hostOf(origin) !== req.headers.host)
    return { status: 403, code: 'cross_site', message: 'Requests from another origin are not accepted.' }
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined
  if (hasBody && !JSON_TYPE.test(req.headers['content-type'] ?? ''))
    return { status: 415, code: 'unsupported_media_type', message: 'Send the request body as application/json.' }
  return undefined
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host
  } catch {
    return undefined // `null` (sandboxed frames, file://) and junk never match
  }
}

/**
 * Sets the browser's address for the route handlers: the socket's peer, or the first untrusted X-Forwarded-For hop
 * when the peer is a trusted proxy (WEB_TRUSTED_PROXIES). Whatever the client sent in the header is overwritten.
 */
export function clientAddressSetter(trustedProxies: readonly string[]) {
  const trust = proxyAddr.compile([...trustedProxies])
  return (req: IncomingMessage) => {
    req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ? proxyAddr(req, trust) : ''
  }
}
