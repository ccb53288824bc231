/** Choices the settings page offers; plain values so the client bundle does not pull in zod. */
export const LEVELS = ['auto', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const

/**
 * Languages the feedback explanations are written in: each has its own table in the scoring worker
 * (services/scoring-worker/test/rules-learner.test.ts checks that this list matches them).
 */
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
