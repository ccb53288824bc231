import { CEFR_LEVELS, type CefrLevel } from '@parley/core'

/** Lower bounds of the proficiency index for A2, B1, B2, C1, C2 (A1 starts at 0). */
const BOUNDS = [20, 35, 50, 65, 80]

/** Position on a continuous 0–6 scale: the band's index plus how far into the band the index is. */
export function levelPosition(proficiency: number): number {
  const edges = [0, ...BOUNDS, 100]
  for (let i = 0; i < 6; i++) {
    const lo = edges[i]!
    const hi = edges[i + 1]!
    if (proficiency < hi || i === 5) return i + Math.min(1, Math.max(0, (proficiency - lo) / (hi - lo)))
  }
  return 6
}

/**
 * CEFR level from the proficiency index (0–100) and, when available, the LLM's level. Confidence grows with the
 * amount of learner text and with distance from a band edge, and drops when the LLM disagrees by two levels or more.
 */
export function cefrEstimate(
  proficiency: number,
  learnerWords: number,
  llmLevel: CefrLevel | undefined,
): { level: CefrLevel; confidence: number } {
  const measured = levelPosition(proficiency)
  const llm = llmLevel === undefined ? undefined : CEFR_LEVELS.indexOf(llmLevel) + 0.5
  const position = llm === undefined ? measured : 0.6 * measured + 0.4 * llm
  const index = Math.min(5, Math.floor(position))
  const centrality = 1 - 2 * Math.abs(position - index - 0.5)
  let confidence = 0.3 + 0.4 * Math.min(1, learnerWords / 150) + 0.3 * centrality
  if (llm === undefined) confidence *= 0.85
  else if (Math.abs(Math.floor(llm) - Math.floor(measured)) >= 2) confidence *= 0.7
  return { level: CEFR_LEVELS[index]!, confidence: Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100 }
}
