import { COLLOCATION_PATTERNS } from './collocations.js'
import { LEARNER_PATTERNS } from './learner-patterns.js'
import type { PatternRule } from './types.js'

/** Every pattern rule the rules layer runs beside Harper. */
export const PATTERN_RULES: PatternRule[] = [...LEARNER_PATTERNS, ...COLLOCATION_PATTERNS]

export { findPatterns, type PatternHit } from './engine.js'
export type { PatternRule } from './types.js'
