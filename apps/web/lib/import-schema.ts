import { z } from 'zod'
import { EXPORT_FORMAT, EXPORT_VERSION } from './export'

/** The API's own limits (services/api): an import that passes here is one the API will store. */
const LIMITS = { title: 200, messages: 1000, conversations: 2000 }

const ExportedTurn = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.string().max(100_000),
})

const ExportedConversation = z.object({
  id: z.guid({ message: 'expected a UUID' }),
  title: z.string().trim().min(1, { message: 'the title is empty' }).max(LIMITS.title),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  conversation: z.array(ExportedTurn).max(LIMITS.messages),
})

export const ConversationExport = z.object({
  format: z.literal(EXPORT_FORMAT, { message: `not a Parley export (expected "format": "${EXPORT_FORMAT}")` }),
  version: z.literal(EXPORT_VERSION, { message: `this Parley reads export version ${EXPORT_VERSION}` }),
  exported_at: z.string().optional(),
  conversations: z.array(ExportedConversation).max(LIMITS.conversations),
})
export type ConversationExport = z.infer<typeof ConversationExport>

/** Parses an export; the error names the first problem and where it is ("conversations.2.title: …"). */
export function parseExport(text: string): { ok: true; value: ConversationExport } | { ok: false; error: string } {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    return { ok: false, error: `The file is not JSON: ${(err as Error).message}` }
  }
  const parsed = ConversationExport.safeParse(raw)
  if (parsed.success) {
    const ids = new Set<string>()
    for (const [i, c] of parsed.data.conversations.entries()) {
      const id = c.id.toLowerCase()
      if (ids.has(id)) return { ok: false, error: `conversations.${i}.id: ${c.id} appears twice in the file` }
      ids.add(id)
    }
    return { ok: true, value: parsed.data }
  }
  const issue = parsed.error.issues[0]!
  const where = issue.path.length ? `${issue.path.join('.')}: ` : ''
  return { ok: false, error: `${where}${issue.message}` }
}
