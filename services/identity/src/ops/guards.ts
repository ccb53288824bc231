import { nowDate, type Pool } from '../pool.js'
import { CognitoError, invalidAccessToken } from '../protocol/errors.js'
import type { Caller } from '../protocol/operation.js'
import { normalizeEmail, type User } from '../store/users.js'

const userKey = (username: string) => `user:${normalizeEmail(username)}`
const ipKey = (caller: Caller) => `ip:${caller.ip}`

/**
 * Refuses the attempt while the user or the caller's IP has used up its failures. Checked before any password
 * hash, so that a flood of guesses cannot buy argon2 time either.
 */
export function checkNotThrottled(
  pool: Pool,
  username: string,
  caller: Caller,
  type: 'TooManyRequestsException' | 'LimitExceededException' = 'TooManyRequestsException',
): void {
  const s = pool.settings
  const wait = Math.max(
    pool.failures.retryAfter(userKey(username), s.maxFailuresPerUser),
    pool.failures.retryAfter(ipKey(caller), s.maxFailuresPerIp),
  )
  if (wait > 0) throw new CognitoError(type, `Attempt limit exceeded, please try again in ${wait} seconds.`)
}

export function recordFailure(pool: Pool, username: string, caller: Caller): void {
  pool.failures.record(userKey(username))
  pool.failures.record(ipKey(caller))
}

/** A success clears the user's count (not the IP's: one good password must not unlock a guessing IP). */
export function clearFailures(pool: Pool, username: string): void {
  pool.failures.forget(userKey(username))
}

/** Counts a code sent to `username`, known or not, so the limit itself reveals nothing. */
export function countCodeSend(pool: Pool, username: string): void {
  const key = userKey(username)
  if (pool.sends.retryAfter(key, pool.settings.maxCodesPerUser) > 0)
    throw new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.')
  pool.sends.record(key)
}

/**
 * Resolves an access token to its user: a valid signature and lifetime, an existing user, and a session (the
 * refresh token it came from) that was neither revoked nor signed out globally.
 */
export async function authenticate(pool: Pool, accessToken: string): Promise<User> {
  const claims = await pool.tokens.verifyAccess(accessToken)
  const [user, session] = await Promise.all([pool.users.find(claims.sub), pool.refreshTokens.get(claims.origin_jti)])
  if (!user || !session || session.sub !== user.sub) throw invalidAccessToken()
  if (session.revokedAt && session.revokedAt <= nowDate(pool))
    throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked')
  return user
}

export function userAttributes(user: User) {
  return [
    { Name: 'sub', Value: user.sub },
    { Name: 'email', Value: user.email },
    { Name: 'email_verified', Value: String(user.emailVerified) },
    { Name: 'name', Value: user.name },
  ]
}
