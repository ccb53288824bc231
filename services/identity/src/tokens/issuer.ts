import { randomUUID } from 'node:crypto'
import { createLocalJWKSet, errors, type JWTPayload, jwtVerify, SignJWT } from 'jose'
import type { Clock } from '../clock.js'
import { invalidAccessToken } from '../protocol/errors.js'
import type { User } from '../store/users.js'
import type { KeyRing } from './key-ring.js'

export type TokenSettings = {
  clientId: string
  /** `<public base URL>/<pool id>`; a function because the URL is known only once the server listens. */
  issuer: () => string
  idTtlS: number
  accessTtlS: number
}

/** What an auth session contributes to its tokens: the refresh token's id (`origin_jti`) and the sign-in time. */
export type AuthSession = { originJti: string; authTime: Date }

export type AccessClaims = JWTPayload & { sub: string; origin_jti: string; iat: number; username: string }

const SCOPE = 'aws.cognito.signin.user.admin'
const MAX_IAT_SKEW_S = 30

/** Signs Cognito-shaped ID and access tokens (RS256) and verifies the access tokens this pool issued. */
export function tokenIssuer(deps: { keys: KeyRing; clock: Clock; settings: TokenSettings }) {
  const { keys, clock, settings } = deps

  async function sign(claims: JWTPayload, ttlS: number, nowS: number) {
    const key = await keys.signingKey()
    return new SignJWT({ ...claims, jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setIssuer(settings.issuer())
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + ttlS)
      .sign(key.privateKey)
  }

  return {
    /** `groups` go into both tokens as `cognito:groups`, omitted when empty, as Cognito does. */
    async issue(user: User, session: AuthSession, groups: string[] = []) {
      const nowS = Math.floor(clock.now() / 1000)
      const common = {
        sub: user.sub,
        auth_time: Math.floor(session.authTime.getTime() / 1000),
        origin_jti: session.originJti,
        // One id per issuing event, as Cognito's tokens carry; an ID token and its access token share it.
        event_id: randomUUID(),
        ...(groups.length > 0 && { 'cognito:groups': groups }),
      }
      const [IdToken, AccessToken] = await Promise.all([
        sign(
          {
            ...common,
            aud: settings.clientId,
            token_use: 'id',
            email: user.email,
            email_verified: user.emailVerified,
            name: user.name,
            'cognito:username': user.sub,
          },
          settings.idTtlS,
          nowS,
        ),
        sign(
          { ...common, client_id: settings.clientId, token_use: 'access', scope: SCOPE, username: user.sub },
          settings.accessTtlS,
          nowS,
        ),
      ])
      return { IdToken, AccessToken, ExpiresIn: settings.accessTtlS, TokenType: 'Bearer' }
    },

    /** Checks signature, issuer, expiry, use and client; throws NotAuthorizedException otherwise. */
    async verifyAccess(token: string): Promise<AccessClaims> {
      try {
        const { payload } = await jwtVerify(token, createLocalJWKSet(await keys.jwks()), {
          issuer: settings.issuer(),
          algorithms: ['RS256'],
          currentDate: new Date(clock.now()),
          requiredClaims: ['sub', 'exp', 'iat', 'origin_jti'],
        })
        if (payload.token_use !== 'access' || payload.client_id !== settings.clientId) throw invalidAccessToken()
        // jose accepts an iat in the future; a token this pool signs never has one beyond a little clock skew.
        if ((payload.iat as number) > clock.now() / 1000 + MAX_IAT_SKEW_S) throw invalidAccessToken()
        return payload as AccessClaims
      } catch (err) {
        if (err instanceof errors.JOSEError) throw invalidAccessToken()
        throw err
      }
    },
  }
}

export type TokenIssuer = ReturnType<typeof tokenIssuer>
