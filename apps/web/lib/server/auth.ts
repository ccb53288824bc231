import { type RevocationList, RevocationListUnavailable, revocationList } from '@parley/auth/revocations'
import { decodeJwt } from 'jose'
import type { NextRequest } from 'next/server'
import { webConfig } from './config'
import { HttpError } from './http'
import { refresh } from './identity'
import {
  REFRESH_COOKIE,
  type RefreshGrant,
  readRefresh,
  readSession,
  SESSION_COOKIE,
  type Session,
  sessionFromTokens,
} from './session'

/** Refresh this long before the access token expires, so a request in flight does not carry a dying token. */
const REFRESH_MARGIN_MS = 60_000

export type Authorized = { session: Session; renewed?: { session: Session; refresh?: RefreshGrant } }

/**
 * The signed-in learner of a request, refreshing the access token when it is about to expire.
 * A missing or expired refresh grant is a 401 `session_expired`: the browser goes back to sign-in.
 */
export async function authorize(req: NextRequest, opts: { forceRefresh?: boolean } = {}): Promise<Authorized> {
  const session = await readSession(req.cookies.get(SESSION_COOKIE)?.value)
  if (session) await refuseRevoked(session)
  if (session && !opts.forceRefresh && session.expiresAt - REFRESH_MARGIN_MS > Date.now()) return { session }
  const grant = await readRefresh(req.cookies.get(REFRESH_COOKIE)?.value)
  if (!grant) throw new HttpError(401, 'session_expired', 'Please sign in again.')
  try {
    const tokens = await refresh(grant.refreshToken)
    const next = sessionFromTokens(tokens)
    // Keep the profile we knew when the refreshed tokens carry less (access tokens have no name).
    const merged = { ...next, name: session?.name || next.name, email: session?.email || next.email }
    return {
      session: merged,
      renewed: {
        session: merged,
        refresh: tokens.refreshToken ? { ...grant, refreshToken: tokens.refreshToken } : undefined,
      },
    }
  } catch (err) {
    if ((err as { name?: string }).name === 'NotAuthorizedException')
      throw new HttpError(401, 'session_expired', 'Your session has expired. Please sign in again.')
    throw new HttpError(503, 'identity_unavailable', 'The sign-in service is not reachable right now.')
  }
}

let list: { url: string; list: RevocationList } | undefined

/**
 * Ends a session server-side: once identity has revoked it (sign-out, password change, deletion), its cookie
 * stops working here too, wherever it was copied, although the cookie itself still decrypts.
 */
export async function refuseRevoked(session: Session): Promise<void> {
  const url = webConfig().WEB_REVOCATIONS_URL
  if (!url) return
  if (list?.url !== url) list = { url, list: revocationList({ url }) }
  let sessionId: unknown
  try {
    sessionId = decodeJwt(session.accessToken).origin_jti
  } catch {
    throw new HttpError(401, 'session_expired', 'Please sign in again.')
  }
  let revoked: boolean
  try {
    revoked = await list.list.isRevoked(typeof sessionId === 'string' ? sessionId : undefined)
  } catch (err) {
    if (err instanceof RevocationListUnavailable)
      throw new HttpError(503, 'identity_unavailable', 'The sign-in service is not reachable right now.')
    throw err
  }
  if (revoked) throw new HttpError(401, 'session_expired', 'You have been signed out. Please sign in again.')
}
