import { z } from 'zod'
import type { Clock, EphemeralStore } from './ephemeral/store'
import { HttpError } from './http'

/**
 * Temporary chats: held only in the ephemeral store, never in the learner's history, and gone `ttlMs` after they
 * start (the TTL is not extended by later turns, so "24 hours" means 24 hours from the start). Keyed by the session's
 * user id, so one learner cannot read another's.
 */
export const TempChatBody = z.object({
  title: z.string().trim().min(1).max(200),
  conversation: z
    .array(z.looseObject({ role: z.enum(['user', 'assistant']), content: z.string().max(20_000) }))
    .max(400, { message: 'a temporary chat holds at most 400 turns' }),
})
export type TempChatBody = z.infer<typeof TempChatBody>
export type TempChat = TempChatBody & { id: string; createdAt: string; expiresAt: string; temporary: true }

export const TEMP_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const keyOf = (sub: string, id: string) => `temp-chat:${sub}:${id}`

function checkId(id: string): string {
  const lower = id.toLowerCase()
  if (!TEMP_ID.test(lower)) throw new HttpError(400, 'invalid_id', 'A temporary chat id is a UUID.')
  return lower
}

export async function getTempChat(store: EphemeralStore, sub: string, id: string): Promise<TempChat> {
  const raw = await store.get(keyOf(sub, checkId(id)))
  if (!raw) throw new HttpError(404, 'not_found', 'This temporary chat has expired or never existed.')
  return JSON.parse(raw) as TempChat
}

/** Creates the chat on its first write; later writes keep its start and expiry. */
export async function putTempChat(
  store: EphemeralStore,
  sub: string,
  id: string,
  body: TempChatBody,
  ttlMs: number,
  now: Clock = Date.now,
): Promise<TempChat> {
  const key = keyOf(sub, checkId(id))
  const before = await store.get(key)
  const t = now()
  const existing = before ? (JSON.parse(before) as TempChat) : undefined
  const createdAt = existing?.createdAt ?? new Date(t).toISOString()
  const expiresAt = existing?.expiresAt ?? new Date(t + ttlMs).toISOString()
  const left = Date.parse(expiresAt) - t
  if (left <= 0) throw new HttpError(410, 'expired', 'This temporary chat has expired.')
  const chat: TempChat = { ...body, id: id.toLowerCase(), createdAt, expiresAt, temporary: true }
  await store.set(key, JSON.stringify(chat), left)
  return chat
}

export async function deleteTempChat(store: EphemeralStore, sub: string, id: string): Promise<void> {
  await store.delete(keyOf(sub, checkId(id)))
}
