import { SCORE_ASPECTS, type ScoreAspect } from '@parley/core'
import { describe, expect, test } from 'vitest'
import type { LlmRubric } from '../src/prompts/score-prompt.js'
import { boundedBlend, MAX_RUBRIC_SWING, nudgeLevel, vetRubric } from '../src/scoring/rubric-bounds.js'

const every = (n: number) => Object.fromEntries(SCORE_ASPECTS.map((a) => [a, n])) as Record<ScoreAspect, number>
const rubric = (scores: Record<ScoreAspect, number>): LlmRubric => ({ ...scores, cefr: 'B1' })
const measured = { ...every(55), grammar: 70, vocabulary: 40, digital_etiquette: 80 }

describe('vetting the rubric answer', () => {
  test('rejects the degenerate answers small models gave: 1/100 or 100/100 on every aspect', () => {
    expect(vetRubric(rubric(every(1)), measured)).toMatchObject({ ok: false, reason: expect.stringMatching(/alike/) })
    expect(vetRubric(rubric(every(100)), measured)).toMatchObject({ ok: false, reason: expect.stringMatching(/alike/) })
  })

  test('rejects mostly extreme answers and answers far from every measured signal', () => {
    const extreme = { ...every(100), grammar: 0, vocabulary: 3, clarity: 60 }
    expect(vetRubric(rubric(extreme), measured)).toMatchObject({ ok: false, reason: expect.stringMatching(/extreme/) })
    const contradicting = { ...every(10), grammar: 20, vocabulary: 90, digital_etiquette: 15 }
    expect(vetRubric(rubric(contradicting), measured)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/from the measured/),
    })
  })

  test('accepts a varied answer near the evidence', () => {
    expect(vetRubric(rubric({ ...measured, grammar: 60, vocabulary: 55 }), measured)).toEqual({ ok: true })
  })
})

describe('bounded blend', () => {
  test('the rubric moves a score by 0.3 of the difference, never more than MAX_RUBRIC_SWING', () => {
    expect(boundedBlend(50, 60)).toBe(53)
    expect(boundedBlend(50, 100)).toBe(50 + MAX_RUBRIC_SWING)
    expect(boundedBlend(50, 0)).toBe(50 - MAX_RUBRIC_SWING)
    expect(boundedBlend(49.6, undefined)).toBe(50)
    for (let m = 0; m <= 100; m += 7)
      for (let r = 0; r <= 100; r += 9) expect(Math.abs(boundedBlend(m, r) - Math.round(m))).toBeLessThanOrEqual(10)
  })

  test("the rubric's level only nudges a level at or next to the measured one", () => {
    const p = [0.05, 0.5, 0.3, 0.1, 0.03, 0.02]
    expect(nudgeLevel(p, 5)).toEqual(p)
    const nudged = nudgeLevel(p, 2)
    expect(nudged[2]).toBeGreaterThan(p[2]!)
    expect(nudged.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10)
    expect(nudged[1]).toBeGreaterThan(nudged[2]!) // a nudge, not an override
  })
})
