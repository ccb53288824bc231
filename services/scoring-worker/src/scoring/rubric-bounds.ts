import { SCORE_ASPECTS, type ScoreAspect } from '@parley/core'
import type { LlmRubric } from '../prompts/score-prompt.js'
import { clamp } from './formula.js'

/**
 * How far the LLM's rubric may move a score. A small model answered 1/100 (SmolLM2) or 100/100 (Gemma base) on every
 * aspect and moved scores by up to 40 points; so its answer is first vetted (vetRubric), then it moves each measured
 * score by RUBRIC_WEIGHT of the difference, never more than MAX_RUBRIC_SWING points either way.
 */
export const RUBRIC_WEIGHT = 0.3
export const MAX_RUBRIC_SWING = 10

/** The spread (max − min) under which nine aspect scores count as "all the same". */
const FLAT_SPREAD = 5
/** Scores at or beyond these are extreme; more than EXTREME_ASPECTS of them reject the answer. */
const EXTREME_LOW = 5
const EXTREME_HIGH = 95
const EXTREME_ASPECTS = 4
/** Mean absolute distance from the measured scores beyond which the answer contradicts the evidence. */
const MAX_MEAN_DISAGREEMENT = 35

export type RubricVerdict = { ok: true } | { ok: false; reason: string }

/** Rejects degenerate rubric answers: all equal, mostly extreme, or far from every measured signal. */
export function vetRubric(rubric: LlmRubric, measured: Record<ScoreAspect, number>): RubricVerdict {
  const values = SCORE_ASPECTS.map((a) => rubric[a])
  const spread = Math.max(...values) - Math.min(...values)
  if (spread <= FLAT_SPREAD) return { ok: false, reason: `all nine aspects scored alike (${values[0]}/100)` }
  const extreme = values.filter((v) => v <= EXTREME_LOW || v >= EXTREME_HIGH).length
  if (extreme > EXTREME_ASPECTS) return { ok: false, reason: `${extreme} of 9 aspects at an extreme (0–5 or 95–100)` }
  const disagreement = SCORE_ASPECTS.reduce((n, a) => n + Math.abs(rubric[a] - measured[a]), 0) / SCORE_ASPECTS.length
  if (disagreement > MAX_MEAN_DISAGREEMENT)
    return { ok: false, reason: `${Math.round(disagreement)} points from the measured scores on average` }
  return { ok: true }
}

/** The final score: the measured one, moved towards the rubric's by at most MAX_RUBRIC_SWING; a whole number. */
export function boundedBlend(measured: number, rubric: number | undefined): number {
  if (rubric === undefined) return Math.round(clamp(measured))
  const shift = Math.max(-MAX_RUBRIC_SWING, Math.min(MAX_RUBRIC_SWING, RUBRIC_WEIGHT * (rubric - measured)))
  return Math.round(clamp(measured + shift))
}

/**
 * The rubric's CEFR level as a bounded nudge: when it is the measured most likely level or next to it, that level's
 * probability is multiplied by LEVEL_NUDGE and all are renormalised; a level further away is ignored.
 */
export const LEVEL_NUDGE = 1.25
export function nudgeLevel(probabilities: number[], rubricLevelIndex: number): number[] {
  const top = probabilities.indexOf(Math.max(...probabilities))
  if (Math.abs(rubricLevelIndex - top) > 1) return probabilities
  const nudged = probabilities.map((p, k) => (k === rubricLevelIndex ? p * LEVEL_NUDGE : p))
  const total = nudged.reduce((a, b) => a + b, 0)
  return nudged.map((p) => p / total)
}
