import type { NextRequest } from 'next/server'
import { webConfig } from '@/lib/server/config'
import { ephemeralStore } from '@/lib/server/ephemeral'
import { readJson } from '@/lib/server/http'
import { deleteTempChat, getTempChat, putTempChat, TempChatBody } from '@/lib/server/temp-chats'
import { withSession } from '@/lib/server/with-session'

type Ctx = { params: Promise<{ id: string }> }

/** A temporary chat: read, write (whole), delete. Never stored in the conversations API. */
export const GET = withSession<Ctx>(async (_req, session, ctx) => {
  const chat = await getTempChat(await ephemeralStore(), session.sub, (await ctx.params).id)
  return Response.json({ status: 'success', data: chat })
})

export const PUT = withSession<Ctx>(async (req: NextRequest, session, ctx) => {
  const cfg = webConfig()
  const body = await readJson(req, TempChatBody, cfg.WEB_MAX_BODY_BYTES)
  const chat = await putTempChat(
    await ephemeralStore(),
    session.sub,
    (await ctx.params).id,
    body,
    cfg.WEB_TEMP_TTL_S * 1000,
  )
  return Response.json({ status: 'success', data: chat })
})

export const DELETE = withSession<Ctx>(async (_req, session, ctx) => {
  await deleteTempChat(await ephemeralStore(), session.sub, (await ctx.params).id)
  return Response.json({ status: 'success', message: 'Temporary chat deleted' })
})

export const dynamic = 'force-dynamic'
