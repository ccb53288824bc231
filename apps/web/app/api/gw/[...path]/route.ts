import type { NextRequest } from 'next/server'
import { proxyToGateway } from '@/lib/server/gateway-proxy'
import { withSession } from '@/lib/server/with-session'

type Ctx = { params: Promise<{ path: string[] }> }

/** The browser's only way to the backend: same origin, cookie session, the token added here. */
const handler = withSession<Ctx>(async (req: NextRequest, session, ctx) =>
  proxyToGateway(req, (await ctx.params).path, session),
)

export const GET = handler
export const POST = handler
export const PUT = handler
export const DELETE = handler
export const dynamic = 'force-dynamic'
