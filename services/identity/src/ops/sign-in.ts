import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { nowDate, type Pool } from '../pool.js'
import { badCredentials, CognitoError, invalidParameter } from '../protocol/errors.js'
import { type Caller, checkClient, defineOp, fields } from '../protocol/operation.js'
import { randomSecret, sameBytes, sha256 } from '../security/secrets.js'
import { failsWith, guardedAttempt } from './guards.js'

const authParameters = z.record(z.string().max(64), z.string().max(8192)).default({})

export const initiateAuth = defineOp({
  input: z.object({
    ClientId: fields.clientId,
    AuthFlow: z.string().min(1).max(64),
    AuthParameters: authParameters,
  }),
  async run(pool, input, caller) {
    checkClient(pool, input.ClientId)
    const params = input.AuthParameters
    switch (input.AuthFlow) {
      case 'USER_PASSWORD_AUTH':
        return { ChallengeParameters: {}, AuthenticationResult: await passwordSignIn(pool, params, caller) }
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        return { ChallengeParameters: {}, AuthenticationResult: await refresh(pool, required(params, 'REFRESH_TOKEN')) }
      default:
        throw invalidParameter(`AuthFlow ${input.AuthFlow} is not enabled for this client`)
    }
  },
})

/** The newer refresh operation; without refresh-token rotation it answers as REFRESH_TOKEN_AUTH does. */
export const getTokensFromRefreshToken = defineOp({
  input: z.object({ ClientId: fields.clientId, RefreshToken: fields.token }),
  async run(pool, input) {
    checkClient(pool, input.ClientId)
    return { AuthenticationResult: await refresh(pool, input.RefreshToken) }
  },
})

function required(params: Record<string, string>, name: string): string {
  const value = params[name]
  if (!value) throw invalidParameter(`Missing required parameter ${name}`)
  return value
}

async function passwordSignIn(pool: Pool, params: Record<string, string>, caller: Caller) {
  const username = required(params, 'USERNAME')
  const password = required(params, 'PASSWORD')
  const user = await guardedAttempt(
    pool,
    username,
    caller,
    'TooManyRequestsException',
    async () => {
      const found = await pool.users.find(username)
      // Runs argon2 even for an unknown user, so that timing does not tell the two apart.
      const ok = await pool.hasher.verify(found?.passwordHash, password)
      if (!found || !ok) throw badCredentials()
      return found
    },
    failsWith('NotAuthorizedException'),
  )
  if (!user.confirmed) throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.')
  if (!user.enabled) throw disabled()

  const session = { id: randomUUID(), secret: randomSecret(), authTime: nowDate(pool) }
  await pool.refreshTokens.insert({
    id: session.id,
    sub: user.sub,
    secretHash: sha256(session.secret),
    authTime: session.authTime,
    expiresAt: new Date(pool.clock.now() + pool.settings.refreshTtlS * 1000),
  })
  const tokens = await pool.tokens.issue(
    user,
    { originJti: session.id, authTime: session.authTime },
    await pool.groups.of(user.sub),
  )
  return { ...tokens, RefreshToken: encodeRefreshToken(session.id, session.secret) }
}

async function refresh(pool: Pool, refreshToken: string) {
  const session = await findSession(pool, refreshToken)
  const invalid = () => new CognitoError('NotAuthorizedException', 'Invalid Refresh Token')
  if (!session) throw invalid()
  if (session.revokedAt) throw new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked')
  if (session.expiresAt <= nowDate(pool)) throw new CognitoError('NotAuthorizedException', 'Refresh Token has expired')
  const user = await pool.users.find(session.sub)
  if (!user?.confirmed) throw invalid()
  if (!user.enabled) throw disabled()
  // Cognito keeps the refresh token as it is; only new ID and access tokens come back.
  return pool.tokens.issue(user, { originJti: session.id, authTime: session.authTime }, await pool.groups.of(user.sub))
}

/** Cognito's answer to a disabled user's sign-in or refresh. */
const disabled = () => new CognitoError('NotAuthorizedException', 'User is disabled.')

/** A refresh token is `<session id>.<secret>`: the id finds the row, the secret is checked in constant time. */
const encodeRefreshToken = (id: string, secret: string) => `${Buffer.from(id).toString('base64url')}.${secret}`

/** The session a refresh token belongs to, or undefined when the token is malformed, unknown or forged. */
export async function findSession(pool: Pool, refreshToken: string) {
  const [idPart, secret, extra] = refreshToken.split('.')
  if (!idPart || !secret || extra !== undefined) return undefined
  const id = Buffer.from(idPart, 'base64url').toString('utf8')
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined
  const session = await pool.refreshTokens.get(id)
  if (!session || !sameBytes(session.secretHash, sha256(secret))) return undefined
  return session
}
