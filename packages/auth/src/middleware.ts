import { UnauthorizedError } from '@parley/core'
import { createMiddleware } from 'hono/factory'
import type { Identity } from './identity.js'
import type { JwtVerifier } from './verifier.js'

/** Hono variables set by `requireAuth`. */
export type AuthEnv = { Variables: { identity: Identity } }

const BEARER = /^Bearer +([\w-]+\.[\w-]+\.[\w-]*)$/i

/** Lets a request through only with a valid `Authorization: Bearer <jwt>`, and puts its identity in `c.var`. */
export function requireAuth(verifier: JwtVerifier) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header('authorization')
    if (!header) throw new UnauthorizedError('Missing bearer token')
    const match = BEARER.exec(header.trim())
    if (!match?.[1]) throw new UnauthorizedError('Authorization header must be "Bearer <jwt>"')
    c.set('identity', await verifier.verify(match[1]))
    await next()
  })
}
