import { type NextRequest, NextResponse } from 'next/server'
import { revokeSession, signOutEverywhere } from '@/lib/server/identity'
import { clearSession, REFRESH_COOKIE, readRefresh, readSession, SESSION_COOKIE } from '@/lib/server/session'

/**
 * Ends this browser's session at identity (its refresh token, and with it the session's ID and access tokens,
 * which the gateway, the api and this server then refuse, so a copied cookie stops working), then clears the
 * cookies. Without a refresh cookie it signs the user out everywhere instead. Best effort: the cookies go anyway.
 */
export async function POST(req: NextRequest) {
  const grant = await readRefresh(req.cookies.get(REFRESH_COOKIE)?.value)
  const session = await readSession(req.cookies.get(SESSION_COOKIE)?.value)
  if (grant) await revokeSession(grant.refreshToken).catch(() => undefined)
  else if (session) await signOutEverywhere(session.accessToken).catch(() => undefined)
  const res = NextResponse.json({ status: 'success', message: 'Signed out.' })
  clearSession(res.cookies)
  return res
}
