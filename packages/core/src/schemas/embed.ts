import { z } from 'zod'
import { ChatMessage, MAX_CONVERSATION_MESSAGES, ModelName } from './chat.js'

/** POST /embed: a conversation (or its part) to embed for storage and search. */
export const EmbedRequest = z.object({
  conversation: z.array(ChatMessage).min(1).max(MAX_CONVERSATION_MESSAGES),
  /** Embedding model to use instead of the worker's EMBED_MODEL; vectors of different models do not compare. */
  model: ModelName.optional(),
})
export type EmbedRequest = z.infer<typeof EmbedRequest>

export const EmbedResponse = z.object({
  embedding: z.array(z.number()),
  dimension: z.number().int().positive(),
  model: z.string(),
  /** The model's own dimension, when it differs from `dimension`. */
  sourceDimension: z.number().int().positive().optional(),
  /** How the model's vector was brought to `dimension`: as is, zero-padded, or projected (see docs/scoring.md). */
  fit: z.enum(['exact', 'padded', 'projected']).optional(),
})
export type EmbedResponse = z.infer<typeof EmbedResponse>
