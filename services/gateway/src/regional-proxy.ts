import type { Identity } from '@parley/auth'
import { BadRequestError, NotFoundError } from '@parley/core'
import type { Context } from 'hono'
import { type ForwardOptions, forward } from './forwarder.js'
import { REGION_HEADER, upstreamRequestHeaders } from './headers.js'
import type { WorkerPool } from './pool.js'
import { isSafePath } from './routes.js'
import type { UserLimits } from './user-limits.js'

export type ProxyDeps = { limits: UserLimits; forwarding: ForwardOptions }

/** The raw path of a request (still percent-encoded, unlike `c.req.path`) and its query string. */
export function rawPathAndQuery(c: Context): { path: string; query: string } {
  const url = c.req.url
  const start = url.indexOf('/', url.indexOf('//') + 2)
  const q = url.indexOf('?', start)
  return q < 0 ? { path: url.slice(start), query: '' } : { path: url.slice(start, q), query: url.slice(q) }
}

export function assertSafePath(path: string): void {
  let decodable = true
  try {
    decodeURIComponent(path)
  } catch {
    decodable = false
  }
  if (!decodable || !isSafePath(path))
    throw new BadRequestError('Path has dot segments, encoded separators or bad escapes', 'bad_path')
}

/**
 * Proxies one authenticated request to `pools` (in failover order) at `upstreamPath`: per-user limits first, then
 * the body (already size-limited) is read once so that a retry can resend it.
 */
export async function proxyTo(
  c: Context,
  deps: ProxyDeps,
  identity: Identity,
  pools: readonly WorkerPool[],
  upstreamPath: string,
  query: string,
): Promise<Response> {
  if (pools.length === 0) throw new NotFoundError('No upstream serves this path')
  c.header(REGION_HEADER, pools[0]!.region)
  const release = deps.limits.admit(identity.sub)
  try {
    const hasBody = c.req.method !== 'GET' && c.req.method !== 'HEAD'
    const body = hasBody ? Buffer.from(await c.req.arrayBuffer()) : undefined
    return await forward(
      pools,
      {
        method: c.req.method,
        pathAndQuery: `${upstreamPath}${query}`,
        headers: upstreamRequestHeaders(c.req.raw.headers, identity.sub, body?.length ?? 0),
        body,
      },
      deps.forwarding,
      release,
    )
  } catch (err) {
    release()
    throw err
  }
}
