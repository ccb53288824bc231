import type { AuthEnv } from '@parley/auth'
import { BadRequestError, limitBody, NotFoundError, ServiceUnavailableError } from '@parley/core'
import { Hono, type MiddlewareHandler } from 'hono'
import type { Registry } from 'prom-client'
import { authorize } from '../access-rules.js'
import type { Clock } from '../clock.js'
import type { Upstreams } from '../upstreams.js'
import { deleteModel, listModels, type PullRequest, pullModel } from './models.js'
import type { UserDirectory } from './users.js'
import { regionsReport } from './workers.js'

export type AdminDeps = {
  auth: MiddlewareHandler<AuthEnv>
  upstreams: Upstreams
  registry?: Registry
  clock: Clock
  /** Unset when the gateway has no identity pool configured (GATEWAY_IDENTITY_POOL_ID): the users API answers 503. */
  users?: UserDirectory
}

const ok = <T>(data: T) => ({ status: 'success' as const, data })

/**
 * The admin API, mounted at /admin: the web app's admin pages and `parley admin` use it. Every route goes through
 * the access-rule table (kind `admin`), so a learner's token gets 403 `forbidden_role` before anything runs.
 */
export function adminRoutes(deps: AdminDeps) {
  const { upstreams } = deps
  const users = () => {
    if (!deps.users) throw new ServiceUnavailableError('No identity pool is configured (GATEWAY_IDENTITY_POOL_ID)', 60)
    return deps.users
  }
  const llmPool = (region: string) => {
    if (!upstreams.has(region)) throw new NotFoundError(`Unknown region; known: ${upstreams.regionNames.join(', ')}`)
    return upstreams.failoverOrder(region, 'llm', false)[0]!
  }
  const admin: MiddlewareHandler<AuthEnv> = async (c, next) => {
    authorize(c.var.identity, { kind: 'admin', path: c.req.path, bodyKeys: new Set() })
    await next()
  }
  const user = (c: { req: { param(name: 'user'): string } }) => decodeURIComponent(c.req.param('user'))

  return new Hono<AuthEnv>()
    .use('*', deps.auth, admin, limitBody(64 * 1024))
    .get('/users', async (c) => {
      const limit = Number(c.req.query('limit') ?? 25)
      if (!Number.isInteger(limit) || limit < 1 || limit > 60) throw new BadRequestError('limit must be 1 to 60')
      // `q` and `cursor` are the web app's names for the same (its BFF forwards only those).
      const search = c.req.query('search') ?? c.req.query('q') ?? ''
      if (search.length > 200) throw new BadRequestError('search is at most 200 characters')
      return c.json(ok(await users().list({ search, limit, next: c.req.query('next') ?? c.req.query('cursor') })))
    })
    .post('/users/:user/confirm', async (c) => {
      await users().confirm(user(c))
      return c.json(ok({ confirmed: true }))
    })
    .post('/users/:user/disable', async (c) => {
      await users().setEnabled(user(c), false)
      return c.json(ok({ enabled: false }))
    })
    .post('/users/:user/enable', async (c) => {
      await users().setEnabled(user(c), true)
      return c.json(ok({ enabled: true }))
    })
    .post('/users/:user/admin', async (c) => {
      await users().setAdmin(user(c), true)
      return c.json(ok({ admin: true }))
    })
    .delete('/users/:user/admin', async (c) => {
      if (user(c) === c.var.identity.sub || user(c) === c.var.identity.claims.email)
        throw new BadRequestError('You cannot take your own admin role away; ask another admin')
      await users().setAdmin(user(c), false)
      return c.json(ok({ admin: false }))
    })
    .delete('/users/:user', async (c) => {
      if (user(c) === c.var.identity.sub || user(c) === c.var.identity.claims.email)
        throw new BadRequestError('You cannot delete your own account from the admin API')
      await users().remove(user(c))
      return c.json(ok({ deleted: true }))
    })
    .get('/regions', async (c) => c.json(ok(await regionsReport(upstreams, deps.registry, deps.clock.now()))))
    .get('/regions/:region/models', async (c) => c.json(ok(await listModels(llmPool(c.req.param('region'))))))
    .post('/regions/:region/models/pull', async (c) => {
      const pool = llmPool(c.req.param('region'))
      const body = (await c.req.json().catch(() => {
        throw new BadRequestError('Send a JSON body {"model": "...", "url"?: "..."}')
      })) as PullRequest
      const stream = pullModel(pool, { model: body.model, url: body.url, digest: body.digest }, c.req.raw.signal)
      return new Response(stream, { headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' } })
    })
    .delete('/regions/:region/models/:model', async (c) =>
      c.json(ok(await deleteModel(llmPool(c.req.param('region')), decodeURIComponent(c.req.param('model'))))),
    )
}
