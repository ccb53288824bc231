import { z } from 'zod'

export const LEVELS = ['auto', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const
/** Languages the feedback explanations can be written in (the scoring worker falls back to English). */
export const FEEDBACK_LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'id', label: 'Bahasa Indonesia' },
  { code: 'es', label: 'Español' },
  { code: 'ru', label: 'Русский' },
  { code: 'pt', label: 'Português' },
  { code: 'fr', label: 'Français' },
  { code: 'de', label: 'Deutsch' },
  { code: 'ja', label: '日本語' },
  { code: 'zh', label: '中文' },
] as const

const modelName = z
  .string()
  .trim()
  .max(200)
  .regex(/^[\w.:/-]*$/, 'Not a model name')

export const Preferences = z.object({
  feedbackLanguage: z
    .string()
    .regex(/^[a-z]{2}$/)
    .default('en'),
  level: z.enum(LEVELS).default('auto'),
  tutorModel: modelName.default(''),
  embedModel: modelName.default(''),
  region: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/)
    .default(''),
})
export type Preferences = z.infer<typeof Preferences>

export const SettingsUpdate = Preferences.partial().extend({ name: z.string().trim().min(1).max(100).optional() })
export type SettingsUpdate = z.infer<typeof SettingsUpdate>
