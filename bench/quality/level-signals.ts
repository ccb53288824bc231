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
): Promise<(T & { signals: Signals })[]> {
  const counts = await issueCounts(items, rules, (done, total) => process.stderr.write(`  linted ${done}/${total}\n`))
  return items.map((item) => ({
    ...item,
    signals: measureSignals([item.text], counts.get(item.key)!, NO_TUTOR, wordLevels),
  }))
}

export function row(signals: Signals, names: readonly FeatureName[], scale: FeatureScale): number[] {
  const values = featureValues(signals)
  return names.map((n) => standardised(values[n], scale[n]))
}
