// Measured signals and feature rows for the level and aspect data sets, exactly as /score measures a conversation
// of one learner turn (no tutor turn, so no responsiveness).
import type { RulesLinter } from '../../services/scoring-worker/src/rules/harper-linter.js'
import {
  type FeatureName,
  type FeatureScale,
  featureValues,
  standardised,
} from '../../services/scoring-worker/src/scoring/features.js'
import { measureSignals, type Signals } from '../../services/scoring-worker/src/scoring/signals.js'
import type { WordLevelBin } from '../../services/scoring-worker/src/scoring/word-levels.js'
import { issueCounts } from './level-data.js'

const NO_TUTOR = { pairs: 0, similarity: 0, fromEmbeddings: true, answeredQuestionShare: 1 }

export async function signalsOf<T extends { key: string; text: string }>(
  items: T[],
  rules: () => Promise<RulesLinter>,
  wordLevels?: readonly WordLevelBin[],
  cacheFile?: string,
): Promise<(T & { signals: Signals })[]> {
  const counts = await issueCounts(
    items,
    rules,
    (done, total) => process.stderr.write(`  linted ${done}/${total}\n`),
    cacheFile,
  )
  return items.map((item) => ({
    ...item,
    signals: measureSignals([item.text], counts.get(item.key)!, NO_TUTOR, wordLevels),
  }))
}

export function row(signals: Signals, names: readonly FeatureName[], scale: FeatureScale): number[] {
  const values = featureValues(signals)
  return names.map((n) => standardised(values[n], scale[n]))
}

/**
 * How the level fit weighs its items: the share of weight cefr_asag gets, how far levels are balanced within a set
 * (`balance` 0: every item alike; 1: every level alike; 0.5: item weight ∝ 1/√(items at its level)), L2.
 */
export type LevelFitConfig = { asagShare: number; balance: number; l2: number; features?: string; votes?: boolean }

/**
 * The rows the ordinal model is fitted on. With `config.votes`, an item the examiners disagreed on (cefr_asag: 3
 * examiners, unanimous on 88 of 215 train answers) enters once per examiner at 1/3 of its weight, so the model
 * learns that a B1/B1/B2 answer sits near the B1–B2 border instead of being pure B1.
 */
export function fitRows(
  items: { level: number; votes?: number[] }[],
  rows: number[][],
  weights: number[],
  config: LevelFitConfig,
): { rows: number[][]; levels: number[]; weights: number[] } {
  const out = { rows: [] as number[][], levels: [] as number[], weights: [] as number[] }
  items.forEach((item, i) => {
    const votes = config.votes && item.votes && item.votes.length > 0 ? item.votes : [item.level]
    for (const level of votes) {
      out.rows.push(rows[i]!)
      out.levels.push(level)
      out.weights.push(weights[i]! / votes.length)
    }
  })
  return out
}

/** Sample weights: each set gets its share; within a set, item weight ∝ (items at its level)^−balance. */
export function levelSampleWeights(
  items: { set: 'asag' | 'readme'; level: number }[],
  config: LevelFitConfig,
): number[] {
  const perLevel = new Map<string, number>()
  for (const i of items) perLevel.set(`${i.set}:${i.level}`, (perLevel.get(`${i.set}:${i.level}`) ?? 0) + 1)
  const raw = items.map((i) => perLevel.get(`${i.set}:${i.level}`)! ** -config.balance)
  const perSet = new Map<string, number>()
  items.forEach((i, k) => {
    perSet.set(i.set, (perSet.get(i.set) ?? 0) + raw[k]!)
  })
  return items.map((item, k) => {
    const share = item.set === 'asag' ? config.asagShare : 1 - config.asagShare
    return (share * raw[k]!) / perSet.get(item.set)!
  })
}
