import { BadRequestError } from '@parley/core'
import { z } from 'zod'
import type { ApiLimits } from './config.js'
import { findUnstorable, isStorableText, MAX_NESTING_DEPTH } from './storable.js'

const UNSTORABLE_MESSAGE = 'contains a NUL character or an unpaired surrogate'
/** The largest magnitude a pgvector element (float4) holds. */
const FLOAT4_MAX = 3.4028234e38

const storableString = () => z.string().refine(isStorableText, { message: UNSTORABLE_MESSAGE })

/** Any 8-4-4-4-12 hex UUID (clients may use v4 or v7); lowercased as PostgreSQL prints it. */
export const ConversationId = z.guid({ message: 'expected a UUID' }).transform((s) => s.toLowerCase())

/** The 8-4-4-4-12 hex form `ConversationId` (zod's guid) accepts. */
const UUID_TEXT = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

/**
 * A path's conversation id, checked as `ConversationId` checks it but with one precompiled test: every GET, PUT and
 * DELETE of one conversation passes here, and a zod object parse per request cost more than the check itself.
 */
export function conversationIdParam(raw: string): string {
  if (!UUID_TEXT.test(raw)) throw new BadRequestError('id: expected a UUID', 'invalid_input')
  return raw.toLowerCase()
}

/**
 * One turn. Fields beyond role and content (feedback, scores, timestamps) are stored as they come; every string in
 * the turn, content and extra fields alike, must be storable.
 */
export const ConversationMessage = z
  .looseObject({
    role: z.enum(['user', 'assistant', 'system']),
    content: z.string(),
  })
  .superRefine((message, ctx) => {
    const found = findUnstorable(message)
    if (found)
      ctx.addIssue({
        code: 'custom',
        path: found.path,
        message: found.problem === 'depth' ? `nests deeper than ${MAX_NESTING_DEPTH} levels` : UNSTORABLE_MESSAGE,
      })
  })

/**
 * An embedding: exactly `dim` float4-sized numbers, not all zero (cosine similarity is undefined for a zero vector,
 * so one could never be found by search). One typed loop instead of a zod schema per element, which cost 0.15–1 ms
 * per 768-float request; the first bad element is named as zod would (`embedding.2: expected a number`).
 */
function embeddingSchema(dim: number) {
  return z.custom<number[]>().superRefine((value, ctx) => {
    if (!Array.isArray(value)) return void ctx.addIssue({ code: 'custom', message: `expected ${dim} numbers` })
    if (value.length !== dim) return void ctx.addIssue({ code: 'custom', message: `expected ${dim} numbers` })
    let nonZero = false
    for (let i = 0; i < value.length; i++) {
      const x: unknown = value[i]
      if (typeof x !== 'number' || !Number.isFinite(x))
        return void ctx.addIssue({ code: 'custom', path: [i], message: 'expected a number' })
      if (x > FLOAT4_MAX || x < -FLOAT4_MAX)
        return void ctx.addIssue({ code: 'custom', path: [i], message: `Too big: expected |x| <= ${FLOAT4_MAX}` })
      if (x !== 0) nonZero = true
    }
    if (!nonZero) ctx.addIssue({ code: 'custom', message: 'must not be all zeros' })
  })
}

/** Request schemas, sized by the configured limits. */
export function requestSchemas(limits: ApiLimits) {
  const title = storableString().trim().min(1).max(limits.maxTitleChars)
  const conversation = z.array(ConversationMessage).max(limits.maxMessages)
  const embedding = embeddingSchema(limits.embedDim)

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
      q: storableString().trim().max(limits.maxTitleChars).optional(),
    }),
  }
}
