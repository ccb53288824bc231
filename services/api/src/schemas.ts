import { z } from 'zod'
import type { ApiLimits } from './config.js'

/** Any 8-4-4-4-12 hex UUID (clients may use v4 or v7); lowercased as PostgreSQL prints it. */
export const ConversationId = z.guid({ message: 'expected a UUID' }).transform((s) => s.toLowerCase())

/** One turn. Fields beyond role and content (feedback, scores, timestamps) are stored as they come. */
export const ConversationMessage = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.string(),
})

/** Request schemas, sized by the configured limits. */
export function requestSchemas(limits: ApiLimits) {
  const title = z.string().trim().min(1).max(limits.maxTitleChars)
  const conversation = z.array(ConversationMessage).max(limits.maxMessages)
  const embedding = z.array(z.number()).length(limits.embedDim, { message: `expected ${limits.embedDim} numbers` })

  return {
    /** POST /conversations/{uid}: the whole conversation, inserted or replaced. */
    upsert: z.object({ id: ConversationId, title, conversation, embedding: embedding.nullish() }),
    /** PUT /conversations/{uid}/{id}: any of the fields; `embedding: null` clears it. */
    patch: z
      .object({ title: title.optional(), conversation: conversation.optional(), embedding: embedding.nullish() })
      .refine((p) => p.title !== undefined || p.conversation !== undefined || p.embedding !== undefined, {
        message: 'give at least one of title, conversation, embedding',
      }),
    /** POST /conversations/{uid}/search */
    search: z.object({
      embedding,
      limit: z.number().int().min(1).max(limits.searchMaxLimit).default(10),
    }),
    /** GET /conversations/{uid} query */
    listQuery: z.object({
      limit: z.coerce.number().int().min(1).max(limits.listMaxLimit).optional(),
      cursor: z.string().max(200).optional(),
      q: z.string().trim().max(limits.maxTitleChars).optional(),
    }),
    params: z.object({ uid: z.string(), id: ConversationId }),
  }
}
