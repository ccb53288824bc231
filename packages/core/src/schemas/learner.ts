import { z } from 'zod'

/** The six CEFR levels, lowest first. */
export const CEFR_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const
export const CefrLevel = z.enum(CEFR_LEVELS)
export type CefrLevel = z.infer<typeof CefrLevel>

/** BCP 47-ish language tag: `id`, `ru`, `pt-BR`, `zh-Hant`. */
export const LanguageTag = z
  .string()
  .trim()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,2}$/, {
    message: 'expected a language tag such as "en", "id" or "pt-BR"',
  })

/** Who is practising: the tutor adapts its vocabulary to `level`; feedback explains in `nativeLanguage`. */
export const Learner = z.object({
  name: z.string().trim().min(1).max(80),
  /** A CEFR level, or `auto` when the learner does not know theirs. */
  level: z.union([CefrLevel, z.literal('auto')]),
  nativeLanguage: LanguageTag,
})
export type Learner = z.infer<typeof Learner>
