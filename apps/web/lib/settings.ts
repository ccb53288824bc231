import { z } from 'zod'

import { LEVELS } from './settings-options'

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
