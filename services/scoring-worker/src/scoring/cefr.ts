import { CEFR_LEVELS, type CefrLevel } from '@parley/core'
import { CEFR_EVIDENCE, CEFR_MODEL, LEVEL_SCALE } from './calibration.js'
import { type FeatureName, linearTerms } from './features.js'
import { calibrateByEvidence, type LevelEvidence } from './level-confidence.js'

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))

/**
 * P(A1) … P(C2) from the fitted proportional-odds model (calibration.ts): one linear value from the features, cut by
 * five thresholds, softened by a temperature fitted on learner answers. It reads every text as if it were a whole
 * answer, so it is as sure of one sentence as of a page: levelProbabilities corrects that.
 */
export function modelLevelProbabilities(features: Record<FeatureName, number>): number[] {
  const { value } = linearTerms(CEFR_MODEL.linear, features, LEVEL_SCALE)
  const cumulative = [...CEFR_MODEL.thresholds.map((t) => sigmoid((t - value) / CEFR_MODEL.temperature)), 1]
  const p = cumulative.map((c, k) => Math.max(1e-6, c - (k === 0 ? 0 : cumulative[k - 1]!)))
  return normalise(p)
}

/**
 * The model's probabilities made as sure as the evidence allows (CEFR_EVIDENCE, fitted so that of the texts with as
 * many words and sentences given 0.8, about 80 % were right). The most likely level is the model's.
 */
export function levelProbabilities(features: Record<FeatureName, number>, evidence: LevelEvidence): number[] {
  return withEvidence(modelLevelProbabilities(features), evidence)
}

/** Level probabilities (the model's, or the model's nudged by the rubric) shrunk by the evidence behind them. */
export function withEvidence(probabilities: number[], evidence: LevelEvidence): number[] {
  return calibrateByEvidence(probabilities, evidence, CEFR_EVIDENCE)
}

/**
 * An earlier conversation's own estimate (its `cefr.conversationLevel` and `conversationConfidence`, not the smoothed
 * level, which would feed back on itself), oldest first.
 */
export type LevelHistoryEntry = { level: CefrLevel; confidence: number; words?: number }

export type LevelEstimate = {
  level: CefrLevel
  confidence: number
  probabilities: Record<CefrLevel, number>
  /** This conversation alone, before the learner's history was taken into account (what `history` should carry). */
  conversationLevel: CefrLevel
  conversationConfidence: number
}

/** How much learner text an earlier estimate stands for when it does not say. */
const DEFAULT_HISTORY_WORDS = 100
/** Each older estimate counts this much less than the next one. */
const HISTORY_DECAY = 0.7
/** Evidence (words) the history can carry at most, so a learner who improves is not held back forever. */
const MAX_HISTORY_WORDS = 400
/** A new level must beat the learner's current one by this much probability to replace it. */
export const SWITCH_MARGIN = 0.1

/**
 * Combines this conversation's level probabilities with the learner's history: a log-linear pool weighted by the
 * words behind each (older estimates decay), then hysteresis: the level the history agrees on stays unless another
 * beats it by SWITCH_MARGIN. With no history the conversation's (calibrated) probabilities stand alone.
 */
export function smoothLevel(
  conversation: number[],
  conversationWords: number,
  history: LevelHistoryEntry[] = [],
): LevelEstimate {
  let pooled = conversation
  let held: number | undefined
  if (history.length > 0) {
    let weight = 0
    const logHistory = new Array(6).fill(0)
    history.forEach((entry, i) => {
      const w = (entry.words ?? DEFAULT_HISTORY_WORDS) * HISTORY_DECAY ** (history.length - 1 - i)
      const dist = entryDistribution(entry)
      for (let k = 0; k < 6; k++) logHistory[k] += w * Math.log(dist[k]!)
      weight += w
    })
    // The level the history agrees on is the learner's current one; hysteresis holds it.
    held = argmax(logHistory)
    const historyWeight = Math.min(MAX_HISTORY_WORDS, weight)
    const a = Math.max(1, conversationWords)
    pooled = normalise(
      conversation.map((p, k) =>
        Math.exp((a * Math.log(p) + (historyWeight * logHistory[k]!) / weight) / (a + historyWeight)),
      ),
    )
  }
  let index = argmax(pooled)
  if (held !== undefined && pooled[index]! - pooled[held]! < SWITCH_MARGIN) index = held
  return {
    level: CEFR_LEVELS[index]!,
    confidence: Math.round(pooled[index]! * 100) / 100,
    probabilities: Object.fromEntries(CEFR_LEVELS.map((l, k) => [l, Math.round(pooled[k]! * 1000) / 1000])) as Record<
      CefrLevel,
      number
    >,
    conversationLevel: CEFR_LEVELS[argmax(conversation)]!,
    conversationConfidence: Math.round(Math.max(...conversation) * 100) / 100,
  }
}

/** An earlier estimate as a distribution: its confidence on its level, the rest on the others, nearer ones more. */
function entryDistribution(entry: LevelHistoryEntry): number[] {
  const at = CEFR_LEVELS.indexOf(entry.level)
  const confidence = Math.min(0.95, Math.max(1 / 6, entry.confidence))
  const spread = CEFR_LEVELS.map((_, k) => (k === at ? 0 : Math.exp(-Math.abs(k - at))))
  const total = spread.reduce((a, b) => a + b, 0)
  return spread.map((s, k) => (k === at ? confidence : ((1 - confidence) * s) / total))
}

const normalise = (p: number[]) => {
  const total = p.reduce((a, b) => a + b, 0)
  return p.map((x) => x / total)
}
const argmax = (xs: number[]) => xs.reduce((best, x, i) => (x > xs[best]! ? i : best), 0)
