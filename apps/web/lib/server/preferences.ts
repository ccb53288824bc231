import type { NextRequest } from 'next/server'
import { Preferences } from '../settings'
import { webConfig } from './config'
import { cookieOptions, seal, unseal } from './session'

export const PREFS_COOKIE = 'parley_prefs'

/** The learner's preferences, kept in a sealed cookie; a missing or tampered one reads as the defaults. */
export async function readPreferences(req: NextRequest): Promise<Preferences> {
  const raw = await unseal<Record<string, unknown>>(req.cookies.get(PREFS_COOKIE)?.value, () => true)
  const parsed = Preferences.safeParse(raw ?? {})
  const prefs = parsed.success ? parsed.data : Preferences.parse({})
  return { ...prefs, region: prefs.region || webConfig().WEB_DEFAULT_REGION }
}

export async function writePreferences(
  jar: { set(name: string, value: string, opts: Record<string, unknown>): unknown },
  requestUrl: string,
  prefs: Preferences,
) {
  jar.set(PREFS_COOKIE, await seal(prefs), cookieOptions(requestUrl))
}
