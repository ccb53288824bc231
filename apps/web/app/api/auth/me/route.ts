import type { NextRequest } from 'next/server'
import { withSession } from '@/lib/server/with-session'

/** The signed-in learner's profile (never the tokens). */
export const GET = withSession(async (_req: NextRequest, session) =>
  Response.json({ status: 'success', data: { sub: session.sub, email: session.email, name: session.name } }),
)
