import { ServiceUnavailableError, UnauthorizedError } from '@parley/core'
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose'
import type { Identity } from './identity.js'
import { RevocationListUnavailable, revocationList } from './revocations.js'
import { verifiedTokenCache } from './verified-cache.js'

export type JwtVerifierOptions = {
  /** Where the signing keys live, e.g. `<issuer>/.well-known/jwks.json`. */
  jwksUrl: string
  /** Exact `iss` claim, e.g. `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  issuer: string
  /** App client ids: an ID token's `aud` or an access token's `client_id` must be one of them. */
  clientIds: readonly string[]
  /** Leeway for exp/nbf/iat against clock skew between issuer and verifier. */
  clockToleranceSeconds?: number
  /** Minimum time between JWKS refetches triggered by an unknown `kid` (jose's cooldown). */
  jwksCooldownMs?: number
  /** How long to wait for the JWKS endpoint before answering 503. */
  jwksTimeoutMs?: number
  /**
   * Parley identity's revocation list (`<issuer>/revocations`); tokens of revoked sessions are refused. Unset and
   * no `isRevoked` = signature and lifetime only (Amazon Cognito publishes no such list).
   */
  revocationsUrl?: string
  /** The one revocation hook, checked after the signature; default: the list at `revocationsUrl`. */
  isRevoked?: (identity: Identity) => boolean | Promise<boolean>
  /**
   * How many verified tokens to remember (LRU; each until its `exp`), so a repeated token skips the RS256 check;
   * 0 turns the cache off. The revocation hook still runs on every request. Default 10,000.
   */
  verifiedCacheSize?: number
}

export type JwtVerifier = {
  /** Resolves the token's identity; throws UnauthorizedError (401) for any bad token, ServiceUnavailableError (503)
   * when the key set cannot be fetched. */
  verify(token: string): Promise<Identity>
}

// RS256 only: Cognito and Parley's identity service both sign with it, and pinning it shuts out alg:none and
// HMAC-with-the-public-key confusion.
const ALGORITHMS = ['RS256']

/** A verifier for Cognito-style JWTs that serves Amazon Cognito and Parley's identity service alike. */
export function createJwtVerifier(opts: JwtVerifierOptions): JwtVerifier {
  if (opts.clientIds.length === 0) throw new Error('createJwtVerifier needs at least one client id')
  const keys = createRemoteJWKSet(new URL(opts.jwksUrl), {
    cooldownDuration: opts.jwksCooldownMs ?? 30_000,
    timeoutDuration: opts.jwksTimeoutMs ?? 5_000,
  })
  const clientIds = new Set(opts.clientIds)
  const clockTolerance = opts.clockToleranceSeconds ?? 30
  const list = opts.revocationsUrl ? revocationList({ url: opts.revocationsUrl }) : undefined
  const isRevoked = opts.isRevoked ?? (list && ((identity: Identity) => list.isRevoked(identity.sessionId)))
  const cacheSize = opts.verifiedCacheSize ?? 10_000
  const cache = cacheSize > 0 ? verifiedTokenCache(cacheSize) : undefined

  /** Signature, lifetime and Cognito claims: the expensive part, done once per token while it is cached. */
  async function checkToken(token: string): Promise<Identity> {
    let payload: JWTPayload
    try {
      ;({ payload } = await jwtVerify(token, keys, { issuer: opts.issuer, algorithms: ALGORITHMS, clockTolerance }))
    } catch (err) {
      throw toHttpError(err)
    }
    // jose checks iat only against a maximum age; a token "issued" in the future is forged or from a bad clock.
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + clockTolerance)
      throw new UnauthorizedError('Token was issued in the future')
    return identityOf(payload, clientIds)
  }

  return {
    async verify(token) {
      let identity = cache?.get(token)
      if (!identity) {
        identity = await checkToken(token)
        cache?.set(token, identity)
      }
      if (isRevoked) {
        let revoked: boolean
        try {
          revoked = await isRevoked(identity)
        } catch (err) {
          if (err instanceof RevocationListUnavailable)
            throw new ServiceUnavailableError('Revocation list is unavailable', 5)
          throw err
        }
        if (revoked) {
          cache?.delete(token)
          throw new UnauthorizedError('Token has been revoked')
        }
      }
      return identity
    },
  }
}

/** Checks the Cognito-specific claims jose does not know about and builds the Identity. */
function identityOf(payload: JWTPayload, clientIds: Set<string>): Identity {
  const tokenUse = payload.token_use
  if (tokenUse !== 'id' && tokenUse !== 'access')
    throw new UnauthorizedError('Token is neither an ID nor an access token')
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new UnauthorizedError('Token has no subject')
  if (typeof payload.exp !== 'number') throw new UnauthorizedError('Token has no expiry')
  const audiences = tokenUse === 'id' ? [payload.aud].flat() : [payload.client_id]
  if (!audiences.some((a) => typeof a === 'string' && clientIds.has(a))) {
    throw new UnauthorizedError('Token was issued for another client')
  }
  const email = stringClaim(payload, 'email')
  const username = stringClaim(payload, tokenUse === 'id' ? 'cognito:username' : 'username')
  const sessionId = stringClaim(payload, 'origin_jti')
  const rawGroups = payload['cognito:groups']
  const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === 'string') : []
  return {
    sub: payload.sub,
    tokenUse,
    groups,
    claims: payload,
    ...(email && { email }),
    ...(username && { username }),
    ...(sessionId && { sessionId }),
  }
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name]
  return typeof value === 'string' ? value : undefined
}

/** A broken or unreachable key set is our problem (503); everything else about the token is the caller's (401). */
function toHttpError(err: unknown): Error {
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) {
    return new ServiceUnavailableError('Signing keys are unavailable', 5)
  }
  if (err instanceof errors.JWTExpired) return new UnauthorizedError('Token has expired')
  if (err instanceof errors.JWTClaimValidationFailed)
    return new UnauthorizedError(`Token claim "${err.claim}" is invalid`)
  if (err instanceof errors.JOSEAlgNotAllowed) return new UnauthorizedError('Token algorithm is not allowed')
  if (err instanceof errors.JWSSignatureVerificationFailed) return new UnauthorizedError('Token signature is invalid')
  if (err instanceof errors.JWKSNoMatchingKey) return new UnauthorizedError('Token was signed with an unknown key')
  // jose throws its base class only for a non-200 or non-JSON key set response, and fetch throws plain errors when
  // the endpoint cannot be reached: both mean the keys are unavailable, not that the token is bad.
  if (err instanceof errors.JOSEError && err.code === 'ERR_JOSE_GENERIC') {
    return new ServiceUnavailableError('Signing keys are unavailable', 5)
  }
  if (!(err instanceof errors.JOSEError)) return new ServiceUnavailableError('Signing keys are unavailable', 5)
  return new UnauthorizedError('Token is malformed or invalid')
}
