import { forwardedQuery, gatewayTarget } from '../gateway-paths'
import { webConfig } from './config'
import { errorJson, readBody } from './http'
import type { Session } from './session'

/** Response headers worth passing to the browser; hop-by-hop and upstream internals stay behind. */
const PASSED_HEADERS = ['content-type', 'cache-control', 'x-parley-region', 'x-request-id', 'retry-after']
const RETRYABLE = new Set([502, 503, 504])

/**
 * Forwards one browser request to the gateway with the learner's bearer token. Bodies are read under a limit
 * (so a retry in another region can resend them); responses, SSE included, stream through unbuffered.
 * When the gateway cannot serve a region path at all, the other regions are tried in turn and the response's
 * `x-parley-region` names the one that answered, which the UI shows as a region switch.
 */
export async function proxyToGateway(req: Request, segments: string[], session: Session): Promise<Response> {
  const target = gatewayTarget(segments, req.method, session.sub)
  if ('error' in target)
    return target.error === 'not_found'
      ? errorJson(404, 'not_found', 'No such endpoint')
      : errorJson(405, 'method_not_allowed', `${req.method} is not allowed here`)
  const cfg = webConfig()
  const body = ['GET', 'HEAD'].includes(req.method) ? undefined : await readBody(req, cfg.WEB_MAX_BODY_BYTES)
  const query = target.region ? '' : forwardedQuery(new URL(req.url).searchParams)
  const headers: Record<string, string> = {
    authorization: `Bearer ${session.accessToken}`,
    accept: req.headers.get('accept') ?? 'application/json',
  }
  if (body) headers['content-type'] = 'application/json'
  const requestId = req.headers.get('x-request-id')
  if (requestId && /^[\w.:-]{1,128}$/.test(requestId)) headers['x-request-id'] = requestId

  const send = (path: string) =>
    fetch(new URL(path + query, cfg.WEB_GATEWAY_URL), { method: req.method, headers, body, signal: req.signal })

  const regions = target.region ? [target.region, ...(await otherRegions(target.region, headers))] : [undefined]
  let last: Response | undefined
  for (const region of regions) {
    const path = region && target.region ? target.path.replace(`/${target.region}/`, `/${region}/`) : target.path
    try {
      const res = await send(path)
      if (!RETRYABLE.has(res.status) || region === regions.at(-1)) return passThrough(res, region)
      await res.body?.cancel()
      last = res
    } catch (err) {
      if (req.signal.aborted) return errorJson(499, 'client_closed', 'Request cancelled')
      if (region === regions.at(-1)) break
      void err
    }
  }
  return last ? errorJson(last.status, 'unavailable', 'No region can serve this right now') : unreachable()
}

function unreachable() {
  return errorJson(502, 'gateway_unreachable', 'The Parley gateway is not reachable right now.')
}

function passThrough(res: Response, region: string | undefined): Response {
  const headers = new Headers()
  for (const name of PASSED_HEADERS) {
    const v = res.headers.get(name)
    if (v) headers.set(name, v)
  }
  if (region && !headers.has('x-parley-region')) headers.set('x-parley-region', region)
  if (headers.get('content-type')?.includes('text/event-stream')) {
    headers.set('cache-control', 'no-cache, no-transform')
    headers.set('x-accel-buffering', 'no')
  }
  return new Response(res.body, { status: res.status, headers })
}

let regionCache: { at: number; names: string[] } | undefined

/** The gateway's other regions, cached briefly; an unreachable /regions just means no alternatives. */
async function otherRegions(current: string, headers: Record<string, string>): Promise<string[]> {
  if (!regionCache || Date.now() - regionCache.at > 15_000) {
    try {
      const res = await fetch(new URL('/regions', webConfig().WEB_GATEWAY_URL), {
        headers: { authorization: headers.authorization! },
        signal: AbortSignal.timeout(2_000),
      })
      regionCache = { at: Date.now(), names: res.ok ? regionNames(await res.json()) : [] }
    } catch {
      regionCache = { at: Date.now(), names: [] }
    }
  }
  return regionCache.names.filter((n) => n !== current)
}

/** Accepts `{regions:[{name}]}`, `{data:[{name}]}` or a bare array, as the gateway's shape settles. */
export function regionNames(body: unknown): string[] {
  const b = body as { regions?: unknown; data?: unknown }
  const list = Array.isArray(body) ? body : Array.isArray(b?.regions) ? b.regions : Array.isArray(b?.data) ? b.data : []
  return (list as { name?: unknown; region?: unknown }[])
    .map((r) => (typeof r === 'string' ? r : String(r?.name ?? r?.region ?? '')))
    .filter(Boolean)
}
