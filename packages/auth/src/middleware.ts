import { UnauthorizedError } from '@parley/core'
import { createMiddleware } from 'hono/factory'
import type { Identity } from './identity.js'
import type { JwtVerifier } from './verifier.js'

/** Hono variables set by `requireAuth`. */
export type AuthEnv = { Variables: { identity: Identity } }

const BEARER = /^Bearer +([\w-]+\.[\w-]+\.[\w-]*)$/i

/**
 * The identity of a valid `Authorization: Bearer <jwt>` header; a 401 otherwise. `requireAuth` as a plain call,
 * for a hot route that does all its checks in one handler instead of one middleware layer each.
 */
export async function authenticate(verifier: JwtVerifier, header: string | undefined): Promise<Identity> {
  if (!header) throw new UnauthorizedError('Missing bearer token')
  const match = BEARER.exec(header.trim())
  if (!match?.[1]) throw new UnauthorizedError('Authorization header must be "Bearer <jwt>"')
  return verifier.verify(match[1])
}

/** Lets a request through only with a valid `Authorization: Bearer <jwt>`, and puts its identity in `c.var`. */
export function requireAuth(verifier: JwtVerifier) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    c.set('identity', await authenticate(verifier, c.req.header('authorization')))
    await next()
  })
}
