import { decodeJwt, EncryptJWT, jwtDecrypt } from 'jose'
import { webConfig } from './config'
import { sessionKey } from './session-key'

/** What the server keeps about a signed-in learner. Tokens never leave the server. */
export type Session = {
  sub: string
  username: string
  email: string
  name: string
  accessToken: string
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number
  /** In the pool's `admin` group when signed in (cognito:groups): shows the admin pages; the gateway decides access. */
  admin?: boolean
}
export type RefreshGrant = { username: string; refreshToken: string }

export const SESSION_COOKIE = 'parley_session'
export const REFRESH_COOKIE = 'parley_refresh'
/** How long the cookies live; the refresh token's own expiry is enforced by identity. */
const COOKIE_MAX_AGE_S = 30 * 24 * 3600

function key(): Uint8Array {
  const cfg = webConfig()
  return sessionKey(cfg.WEB_SESSION_SECRET, cfg.PARLEY_DATA_DIR)
}

export async function seal(payload: Record<string, unknown>): Promise<string> {
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${COOKIE_MAX_AGE_S}s`)
    .encrypt(key())
}

export async function unseal<T>(token: string | undefined, isValid: (v: Record<string, unknown>) => boolean) {
  if (!token) return undefined
  try {
    const { payload } = await jwtDecrypt(token, key())
    return isValid(payload) ? (payload as unknown as T) : undefined
  } catch {
    return undefined
  }
}

export const readSession = (token: string | undefined) =>
  unseal<Session>(token, (p) => typeof p.sub === 'string' && typeof p.accessToken === 'string')

export const readRefresh = (token: string | undefined) =>
  unseal<RefreshGrant>(token, (p) => typeof p.refreshToken === 'string' && typeof p.username === 'string')

/** Builds a session from identity's tokens; the claims are read, not verified: they came straight from identity. */
export function sessionFromTokens(tokens: { accessToken: string; idToken?: string; expiresIn?: number }): Session {
  const access = decodeJwt(tokens.accessToken)
  const id = tokens.idToken ? decodeJwt(tokens.idToken) : {}
  const sub = String(access.sub ?? id.sub ?? '')
  if (!sub) throw new Error('identity returned a token without sub')
  const email = String(id.email ?? access.email ?? access.username ?? '')
  const expSeconds = typeof access.exp === 'number' ? access.exp : Date.now() / 1000 + (tokens.expiresIn ?? 3600)
  return {
    sub,
    username: String(access.username ?? id['cognito:username'] ?? email),
    email,
    name: String(id.name ?? email.split('@')[0] ?? ''),
    accessToken: tokens.accessToken,
    expiresAt: expSeconds * 1000,
    admin: [access['cognito:groups'], id['cognito:groups']].some((g) => Array.isArray(g) && g.includes('admin')),
  }
}

type CookieJar = {
  set(name: string, value: string, opts: Record<string, unknown>): unknown
  delete(name: string): unknown
}

/** httpOnly, SameSite=Lax; Secure everywhere except a plain-HTTP localhost. */
export function cookieOptions(requestUrl: string) {
  const url = new URL(requestUrl)
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: !local || url.protocol === 'https:',
    path: '/',
    maxAge: COOKIE_MAX_AGE_S,
  }
}

export async function writeSession(jar: CookieJar, requestUrl: string, session: Session, refresh?: RefreshGrant) {
  const opts = cookieOptions(requestUrl)
  jar.set(SESSION_COOKIE, await seal(session), opts)
  if (refresh) jar.set(REFRESH_COOKIE, await seal(refresh), opts)
}

export function clearSession(jar: CookieJar) {
  jar.delete(SESSION_COOKIE)
  jar.delete(REFRESH_COOKIE)
}
