import { type JwtVerifier, requireAuth } from '@parley/auth'
import { createBaseApp, ForbiddenError, type Logger, limitBody, type Metrics, NotFoundError } from '@parley/core'
import { cors } from 'hono/cors'
import { adminRoutes } from './admin/routes.js'
import type { UserDirectory } from './admin/users.js'
import { type Clock, systemClock } from './clock.js'
import type { ForwardOptions } from './forwarder.js'
import { REGION_HEADER } from './headers.js'
import { proxyTo } from './regional-proxy.js'
import { assertSafePath, rawPathAndQuery } from './request-path.js'
import { resolveRegionalPath } from './routes.js'
import type { Upstreams } from './upstreams.js'
import { type UserLimitOptions, UserLimits } from './user-limits.js'

export type GatewayDeps = {
  log: Logger
  metrics?: Metrics
  upstreams: Upstreams
  verifier: JwtVerifier
  clock?: Clock
  limits: UserLimitOptions & { maxBodyBytes: number }
  forwarding: ForwardOptions & { failover: boolean }
  /** Browser origins allowed to call the gateway (the web app); `*` allows any, which is safe with bearer tokens. */
  corsOrigins?: string[]
  /** The identity pool's Admin* operations for /admin/users; unset = those answer 503. */
  users?: UserDirectory
}

/**
 * The single public origin: verifies the JWT, then sends `/conversations/**` to the api and `/{region}/…` to that
 * region's pools (failing over to the next region), with per-user limits. /healthz and /metrics come from serveApp.
 */
export function createGatewayApp(deps: GatewayDeps) {
  const { upstreams } = deps
  // Responses no regional worker served (/regions, errors, the api) name the gateway's own region.
  const homeRegion = upstreams.api.region
  const proxyDeps = { limits: new UserLimits(deps.limits, deps.clock ?? systemClock), forwarding: deps.forwarding }
  const auth = requireAuth(deps.verifier)
  const body = limitBody(deps.limits.maxBodyBytes)

  const origins = deps.corsOrigins ?? ['*']
  const app = createBaseApp(deps)
  app.use(async (c, next) => {
    await next()
    if (!c.res.headers.has(REGION_HEADER)) c.res.headers.set(REGION_HEADER, homeRegion)
  })
  // Before auth, so that a browser's preflight (which carries no token) is answered.
  app.use(
    cors({
      origin: origins.includes('*') ? '*' : origins,
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: ['authorization', 'content-type', 'x-request-id', 'traceparent'],
      exposeHeaders: [REGION_HEADER, 'x-request-id', 'retry-after'],
      maxAge: 600,
    }),
  )

  const clock = deps.clock ?? systemClock
  return app
    .route('/admin', adminRoutes({ auth, upstreams, registry: deps.metrics?.registry, clock, users: deps.users }))
    .get('/regions', auth, (c) => c.json({ status: 'success' as const, data: upstreams.summary() }))
    .all('/conversations/*', auth, body, async (c) => {
      const { path, query } = rawPathAndQuery(c)
      assertSafePath(path)
      const identity = c.var.identity
      const uid = path.split('/')[2]
      if (uid && decodeURIComponent(uid) !== identity.sub) throw new ForbiddenError('This path belongs to another user')
      return proxyTo(c, proxyDeps, identity, [upstreams.api], 'api', path, query)
    })
    .all('/:region/*', auth, body, async (c) => {
      const { path, query } = rawPathAndQuery(c)
      assertSafePath(path)
      const region = c.req.param('region')
      if (!upstreams.has(region)) {
        const known = upstreams.regionNames
        return c.json(
          {
            status: 'error',
            code: 'unknown_region',
            message: `Unknown region; known: ${known.join(', ')}`,
            regions: known,
          },
          404,
        )
      }
      const slash = path.indexOf('/', 1)
      const route = resolveRegionalPath(slash < 0 ? '' : path.slice(slash))
      if (!route) throw new NotFoundError(`No route for ${c.req.method} ${c.req.path}`)
      const pools = upstreams.failoverOrder(region, route.kind, deps.forwarding.failover)
      return proxyTo(c, proxyDeps, c.var.identity, pools, route.kind, route.path, query)
    })
}

export type GatewayApp = ReturnType<typeof createGatewayApp>
