import { type NextRequest, NextResponse } from 'next/server'
import { readJson } from '@/lib/server/http'
import { updateName } from '@/lib/server/identity'
import { identityFailure } from '@/lib/server/identity-errors'
import { readPreferences, writePreferences } from '@/lib/server/preferences'
import { writeSession } from '@/lib/server/session'
import { withSession } from '@/lib/server/with-session'
import { SettingsUpdate } from '@/lib/settings'

export const GET = withSession(async (req: NextRequest, session) => {
  const prefs = await readPreferences(req)
  return Response.json({ status: 'success', data: { ...prefs, name: session.name, email: session.email } })
})

/** Saves preferences; a new display name goes to identity first, so a failure there changes nothing. */
export const PUT = withSession(async (req: NextRequest, session) => {
  const { name, ...update } = await readJson(req, SettingsUpdate)
  if (name && name !== session.name) {
    try {
      await updateName(session.accessToken, name)
    } catch (err) {
      const f = identityFailure(err)
      return Response.json({ status: 'error', code: f.code, message: f.message }, { status: f.status })
    }
  }
  const prefs = { ...(await readPreferences(req)), ...update }
  const res = NextResponse.json({
    status: 'success',
    data: { ...prefs, name: name ?? session.name, email: session.email },
  })
  await writePreferences(res.cookies, req.url, prefs)
  if (name) await writeSession(res.cookies, req.url, { ...session, name })
  return res
})
