import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'
import { propagationHeaders } from '@parley/core'

/** The header that carries the verified user to the services; one arriving from outside is always dropped. */
export const USER_HEADER = 'x-parley-user'
/** Names the region whose worker actually served a response. */
export const REGION_HEADER = 'x-parley-region'

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection, never to the next one.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
])
const NOT_FORWARDED = new Set([...HOP_BY_HOP, 'host', 'content-length', USER_HEADER, REGION_HEADER])

/** Headers for the upstream request: the caller's (minus hop-by-hop and spoofable ones), the verified user, tracing. */
export function upstreamRequestHeaders(incoming: Headers, user: string | undefined, bodyLength: number) {
  const out: OutgoingHttpHeaders = {}
  // Headers the caller named in `Connection` are hop-by-hop too.
  const named = new Set((incoming.get('connection') ?? '').split(',').map((h) => h.trim().toLowerCase()))
  incoming.forEach((value, name) => {
    if (!NOT_FORWARDED.has(name) && !named.has(name)) out[name] = value
  })
  if (user) out[USER_HEADER] = user
  if (bodyLength > 0) out['content-length'] = String(bodyLength)
  Object.assign(out, propagationHeaders())
  return out
}

/** Headers for the client: the upstream's, minus hop-by-hop ones, plus the serving region. */
export function clientResponseHeaders(upstream: IncomingHttpHeaders, region: string): Headers {
  const out = new Headers()
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === REGION_HEADER) continue
    if (Array.isArray(value)) for (const v of value) out.append(name, v)
    else out.set(name, value)
  }
  out.set(REGION_HEADER, region)
  return out
}
