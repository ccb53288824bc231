import type { CefrLevel, ScoreAspect } from '@parley/core'

/**
 * Copies of two lists from @parley/core for browser bundles: core's entry point also exports server code (and
 * `.js` specifiers Turbopack does not map to `.ts`), so client code imports only its types. A test keeps them equal.
 */
export const SCORE_ASPECTS = [
  'written_fluency',
  'vocabulary',
  'grammar',
  'comprehension',
  'coherence',
  'digital_etiquette',
  'responsiveness',
  'clarity',
  'overall_communication',
] as const satisfies readonly ScoreAspect[]

export const CEFR_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const satisfies readonly CefrLevel[]
