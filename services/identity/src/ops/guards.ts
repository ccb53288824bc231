import { nowDate, type Pool } from '../pool.js'
import { CognitoError, invalidAccessToken } from '../protocol/errors.js'
import type { Caller } from '../protocol/operation.js'
import { normalizeEmail, type User } from '../store/users.js'

/**
 * One counter per account, whichever name the caller used (email in any case, or sub), so that alternating the
 * two forms does not double the guesses; unknown names count under the name itself.
 */
async function userKey(pool: Pool, username: string): Promise<string> {
  const user = await pool.users.find(username)
  return `user:${user ? user.sub : normalizeEmail(username)}`
}
const ipKey = (caller: Caller) => `ip:${caller.ip}`

type ThrottleType = 'TooManyRequestsException' | 'LimitExceededException'

const throttled = (type: ThrottleType, wait: number) =>
  new CognitoError(type, `Attempt limit exceeded, please try again in ${wait} seconds.`)

/**
 * Runs one guarded attempt (a password or code check) for `username` from `caller`. The attempt is reserved in the
 * database on the user and the IP before `run` starts, so that no burst of concurrent guesses gets more than the
 * limit through to the hash. An error that `isFailure` accepts keeps the reservation (it was a wrong guess); any
 * other error gives it back. A success forgets the user's count and gives the IP's reservation back (one good
 * password must not unlock a guessing IP, nor count against a shared one).
 */
export async function guardedAttempt<T>(
  pool: Pool,
  username: string,
  caller: Caller,
  type: ThrottleType,
  run: () => Promise<T>,
  isFailure: (err: unknown) => boolean,
): Promise<T> {
  const s = pool.settings
  const user = await userKey(pool, username)
  const ip = ipKey(caller)
  const wait = await pool.attempts.reserve([
    { key: user, limit: s.maxFailuresPerUser },
    { key: ip, limit: s.maxFailuresPerIp },
  ])
  if (wait > 0) throw throttled(type, wait)
  let result: T
  try {
    result = await run()
  } catch (err) {
    if (!isFailure(err)) await Promise.all([pool.attempts.release(user), pool.attempts.release(ip)])
    throw err
  }
  await Promise.all([pool.attempts.clear(user), pool.attempts.release(ip)])
  return result
}

/** Matches the Cognito error types that count as a wrong guess. */
export const failsWith =
  (...types: string[]) =>
  (err: unknown) =>
    err instanceof CognitoError && types.includes(err.type)

/** Counts a code sent to `username`, known or not, so the limit itself reveals nothing. */
export async function countCodeSend(pool: Pool, username: string): Promise<void> {
  const wait = await pool.attempts.reserve([
    { key: `send:${normalizeEmail(username)}`, limit: pool.settings.maxCodesPerUser },
  ])
  if (wait > 0) throw new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.')
}

/** Counts a sign-up from the caller's IP, so that one client cannot create accounts (or probe emails) in bulk. */
export async function countSignUp(pool: Pool, caller: Caller): Promise<void> {
  const wait = await pool.attempts.reserve([{ key: `signup-ip:${caller.ip}`, limit: pool.settings.maxSignUpsPerIp }])
  if (wait > 0) throw throttled('TooManyRequestsException', wait)
}

/**
 * Resolves an access token to its user: a valid signature and lifetime, an existing user, and a session (the
 * refresh token it came from) that was neither revoked nor signed out globally.
 */
export async function authenticate(pool: Pool, accessToken: string): Promise<User> {
  return (await authenticateSession(pool, accessToken)).user
}

/** `authenticate`, with the id of the session (refresh token) the access token came from. */
export async function authenticateSession(pool: Pool, accessToken: string): Promise<{ user: User; sessionId: string }> {
  const claims = await pool.tokens.verifyAccess(accessToken)
  const [user, session] = await Promise.all([pool.users.find(claims.sub), pool.refreshTokens.get(claims.origin_jti)])
  if (!user || !session || session.sub !== user.sub) throw invalidAccessToken()
  if (session.revokedAt && session.revokedAt <= nowDate(pool))
    throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked')
  return { user, sessionId: session.id }
}

export function userAttributes(user: User) {
  return [
    { Name: 'sub', Value: user.sub },
    { Name: 'email', Value: user.email },
    { Name: 'email_verified', Value: String(user.emailVerified) },
    { Name: 'name', Value: user.name },
  ]
}
