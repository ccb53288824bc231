import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { signInUrl } from '../sign-in-next'
import { refuseRevoked } from './auth'
import { REFRESH_COOKIE, readRefresh, readSession, SESSION_COOKIE } from './session'

/**
 * For server-rendered pages: the learner's profile, or a redirect to sign-in. Pages cannot set cookies, so an
 * expired access token with a live refresh grant still renders; the first API call refreshes it.
 */
export async function requireLearner(path: string) {
  const jar = await cookies()
  const session = await readSession(jar.get(SESSION_COOKIE)?.value)
  const grant = await readRefresh(jar.get(REFRESH_COOKIE)?.value)
  if (!session && !grant) redirect(signInUrl(path))
  // A revoked session (signed out elsewhere, or a copied cookie) goes back to sign-in too.
  if (
    session &&
    (await refuseRevoked(session).then(
      () => false,
      () => true,
    ))
  )
    redirect(signInUrl(path, { expired: true }))
  return { name: session?.name ?? '', email: session?.email ?? '', admin: session?.admin === true }
}
