import { type NextRequest, NextResponse } from 'next/server'
import { signOutEverywhere } from '@/lib/server/identity'
import { clearSession, readSession, SESSION_COOKIE } from '@/lib/server/session'

/** Revokes the refresh tokens at identity (best effort) and always clears the cookies. */
export async function POST(req: NextRequest) {
  const session = await readSession(req.cookies.get(SESSION_COOKIE)?.value)
  if (session) await signOutEverywhere(session.accessToken).catch(() => undefined)
  const res = NextResponse.json({ status: 'success', message: 'Signed out.' })
  clearSession(res.cookies)
  return res
}
