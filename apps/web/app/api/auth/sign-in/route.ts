import { NextResponse } from 'next/server'
import { SignInInput } from '@/lib/auth-schemas'
import { authRoute } from '@/lib/server/auth-route'
import { clientIpOf } from '@/lib/server/client-ip'
import { signIn } from '@/lib/server/identity'
import { sessionFromTokens, writeSession } from '@/lib/server/session'

export const POST = authRoute(SignInInput, async ({ email, password }, req) => {
  const tokens = await signIn(email, password, clientIpOf(req))
  const session = sessionFromTokens(tokens)
  const res = NextResponse.json({ status: 'success', data: { name: session.name, email: session.email } })
  const refresh = tokens.refreshToken ? { username: session.username, refreshToken: tokens.refreshToken } : undefined
  await writeSession(res.cookies, req.url, session, refresh)
  return res
})
