import type { Identity } from '@parley/auth'
import { AppError, NotFoundError } from '@parley/core'
import type { Context } from 'hono'
import { authorize, jsonBodyKeys } from './access-rules.js'
import { type ForwardOptions, forward } from './forwarder.js'
import { REGION_HEADER, upstreamRequestHeaders } from './headers.js'
import type { WorkerPool } from './pool.js'
import type { PoolKind } from './topology.js'
import type { UserLimits } from './user-limits.js'

export type ProxyDeps = { limits: UserLimits; forwarding: ForwardOptions }

/**
 * Proxies one authenticated request to `pools` (in failover order) at `upstreamPath`: per-user limits first, then
 * the body (already size-limited) is read once so that a retry can resend it, then the access rules decide.
 */
export async function proxyTo(
  c: Context,
  deps: ProxyDeps,
  identity: Identity,
  pools: readonly WorkerPool[],
  kind: PoolKind | 'api',
  upstreamPath: string,
  query: string,
): Promise<Response> {
  if (pools.length === 0) throw new NotFoundError('No upstream serves this path')
  let release = () => {}
  try {
    release = deps.limits.admit(identity.sub)
    const hasBody = c.req.method !== 'GET' && c.req.method !== 'HEAD'
    const body = hasBody ? Buffer.from(await c.req.arrayBuffer()) : undefined
    authorize(identity, { kind, path: upstreamPath, bodyKeys: jsonBodyKeys(body) })
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
    // Errors about this request (429, 503) name the region it asked for.
    if (err instanceof AppError) Object.assign(err.headers, { [REGION_HEADER]: pools[0]!.region })
    throw err
  }
}
