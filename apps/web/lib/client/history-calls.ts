'use client'
import type { EmbedResponse } from '@parley/core'
import { type Conversation, chatMessages, normalizeConversation } from '../conversation'
import type { ConversationExport } from '../import-schema'
import { mergeHits, type SearchHit } from '../search'
import { ApiError, gw } from './api'

const rows = (data: unknown[]) => data.map(normalizeConversation).filter((c): c is Conversation => !!c)

/** Every conversation, page by page (bounded at 20 pages of 100). */
export async function loadAllConversations(): Promise<Conversation[]> {
  const all: Conversation[] = []
  let cursor: string | undefined
  for (let page = 0; page < 20; page++) {
    const r = await gw<unknown[]>(`conversations?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    all.push(...rows(r.data))
    cursor = r.nextCursor
    if (!cursor) break
  }
  return all
}

async function embed(region: string, messages: { role: 'user' | 'assistant'; content: string }[], model?: string) {
  const r = await gw<EmbedResponse>(`${region}/scoring/embed`, {
    method: 'POST',
    json: { conversation: messages, ...(model ? { model } : {}) },
  })
  return r.data.embedding
}

/**
 * One box, two searches: titles containing the words (the API's `?q=`) and conversations near in meaning (the
 * query embedded by the scoring worker, then the API's vector search). If the meaning search fails (no embedding
 * model), title hits still come back, with the reason.
 */
export async function searchConversations(
  region: string,
  query: string,
  embedModel?: string,
): Promise<{ hits: SearchHit[]; meaningError?: string }> {
  const q = query.trim().slice(0, 200)
  const byTitle = gw<unknown[]>(`conversations?limit=20&q=${encodeURIComponent(q)}`).then((r) => rows(r.data))
  const byMeaning = embed(region, [{ role: 'user', content: q }], embedModel).then((embedding) =>
    gw<unknown[]>('conversations/search', { method: 'POST', json: { embedding, limit: 10 } }).then((r) =>
      r.data.flatMap((raw) => {
        const c = normalizeConversation(raw)
        return c ? [{ ...c, similarity: (raw as { similarity?: number }).similarity }] : []
      }),
    ),
  )
  const [title, meaning] = await Promise.allSettled([byTitle, byMeaning])
  if (title.status === 'rejected') throw title.reason
  return {
    hits: mergeHits(q, title.value, meaning.status === 'fulfilled' ? meaning.value : []),
    meaningError: meaning.status === 'rejected' ? (meaning.reason as Error).message : undefined,
  }
}

export type ImportReport = { imported: number; skipped: string[]; failed: string[]; renamed: number }

/**
 * Stores an export's conversations. Nothing already in the history is overwritten (same id: skipped, named in the
 * report); an id that belongs to someone else gets a fresh one. Each imported conversation is embedded afterwards
 * so that meaning search finds it; that step is best effort.
 */
export async function importConversations(
  exp: ConversationExport,
  region: string,
  embedModel: string | undefined,
  onProgress: (done: number, total: number) => void,
): Promise<ImportReport> {
  const existing = new Set((await loadAllConversations()).map((c) => c.id))
  const report: ImportReport = { imported: 0, skipped: [], failed: [], renamed: 0 }
  const total = exp.conversations.length
  for (const [i, c] of exp.conversations.entries()) {
    onProgress(i, total)
    let id = c.id.toLowerCase()
    if (existing.has(id)) {
      report.skipped.push(c.title)
      continue
    }
    const body = { id, title: c.title, conversation: c.conversation }
    try {
      await gw('conversations', { method: 'POST', json: body }).catch(async (err) => {
        if (!(err instanceof ApiError) || err.status !== 409) throw err
        id = crypto.randomUUID()
        report.renamed++
        await gw('conversations', { method: 'POST', json: { ...body, id } })
      })
      report.imported++
    } catch (err) {
      report.failed.push(`${c.title}: ${(err as Error).message}`)
      continue
    }
    const messages = chatMessages(
      normalizeConversation({ id, title: c.title, conversation: c.conversation })!.conversation,
    )
    if (messages.length)
      await embed(region, messages, embedModel)
        .then((embedding) => gw(`conversations/${id}`, { method: 'PUT', json: { embedding } }))
        .catch(() => undefined)
  }
  onProgress(total, total)
  return report
}

/** One conversation with everything stored (the list leaves nothing out but the embedding). */
export async function loadConversation(id: string): Promise<Conversation | undefined> {
  return normalizeConversation((await gw<unknown>(`conversations/${id}`)).data)
}
