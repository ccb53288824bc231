import { z } from 'zod'
import { Format } from '../inference/format.js'
import { KeepAlive, OllamaOptions } from '../inference/options.js'

export const ModelField = z.string().min(1).max(350)

export const Message = z
  .object({
    role: z.enum(['system', 'user', 'assistant', 'tool']),
    content: z.string().max(1_000_000).default(''),
    images: z.array(z.string()).max(0, 'images are not supported by this worker').optional(),
  })
  .loose()

const common = {
  model: ModelField,
  stream: z.boolean().default(true),
  format: Format.optional(),
  options: OllamaOptions.optional(),
  keep_alive: KeepAlive.optional(),
}

export const ChatBody = z
  .object({
    ...common,
    messages: z.array(Message).max(2000).default([]),
    tools: z.array(z.unknown()).max(0, 'tools are not supported by this worker').optional(),
  })
  .loose()

export const GenerateBody = z
  .object({
    ...common,
    prompt: z.string().max(4_000_000).default(''),
    system: z.string().max(1_000_000).optional(),
    raw: z.boolean().default(false),
    images: z.array(z.string()).max(0, 'images are not supported by this worker').optional(),
  })
  .loose()

export const EmbedBody = z.object({
  model: ModelField,
  input: z.union([z.string().max(1_000_000), z.array(z.string().max(1_000_000)).min(1).max(512)]),
  truncate: z.boolean().default(true),
  options: OllamaOptions.optional(),
  keep_alive: KeepAlive.optional(),
})

export const LegacyEmbedBody = z.object({
  model: ModelField,
  prompt: z.string().max(1_000_000),
  /** Not in Ollama's legacy request; accepted here with the same meaning as on /api/embed. */
  truncate: z.boolean().default(true),
  options: OllamaOptions.optional(),
  keep_alive: KeepAlive.optional(),
})

export const NameBody = z
  .object({ model: ModelField.optional(), name: ModelField.optional() })
  .refine((b) => b.model || b.name, {
    message: 'model is required',
  })
