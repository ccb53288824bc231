import { type NextRequest, NextResponse } from 'next/server'
import { authorize } from './auth'
import { HttpError, respond } from './http'
import { clearSession, type Session, writeSession } from './session'

type Handler<C> = (req: NextRequest, session: Session, ctx: C) => Promise<Response>

/**
 * Wraps a route that needs a learner: resolves (and refreshes) the session, and writes renewed cookies onto
 * whatever response the handler returns. A dead session clears the cookies and answers 401 `session_expired`.
 */
export function withSession<C = unknown>(handler: Handler<C>) {
  return async (req: NextRequest, ctx: C): Promise<Response> => {
    let auth: Awaited<ReturnType<typeof authorize>>
    try {
      auth = await authorize(req)
    } catch (err) {
      if (err instanceof HttpError && err.status === 401) {
        const res = NextResponse.json({ status: 'error', code: err.code, message: err.message }, { status: 401 })
        clearSession(res.cookies)
        return res
      }
      return respond(() => Promise.reject(err))
    }
    const res = await respond(() => handler(req, auth.session, ctx))
    if (!auth.renewed) return res
    const out = new NextResponse(res.body, { status: res.status, statusText: res.statusText, headers: res.headers })
    await writeSession(out.cookies, req.url, auth.renewed.session, auth.renewed.refresh)
    return out
  }
}
