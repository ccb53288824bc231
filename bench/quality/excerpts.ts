// Short texts cut from ELLIPSE essays, to measure and fit how the aspect scores behave on chat-length input: each
// essay's first sentences, taken until they reach 5, 10, 20, 40 or 80 words, scored against the whole essay's human
// ratings (what a short message says about the writer). An essay whose first sentence runs past 3× the length is left
// out at that length. Issue counts go through the same lint cache as the essays (keys carry the length).
import type { RulesLinter } from '../../services/scoring-worker/src/rules/harper-linter.js'
import { ELLIPSE_DIMENSION, ellipseToScore, measuredScores } from '../../services/scoring-worker/src/scoring/formula.js'
import { sentences, words } from '../../services/scoring-worker/src/scoring/text-stats.js'
import { mean, spearman } from './fit-math.js'
import type { EllipseItem } from './level-data.js'
import { signalsOf } from './level-signals.js'

export const EXCERPT_WORDS = [5, 10, 20, 40, 80] as const

export type Excerpt = EllipseItem & { words: number }

export function ellipseExcerpts(essays: EllipseItem[]): Excerpt[] {
  const out: Excerpt[] = []
  for (const essay of essays) {
    const list = sentences(essay.text.replace(/\s+/g, ' '))
    for (const length of EXCERPT_WORDS) {
      const taken: string[] = []
      let count = 0
      for (const sentence of list) {
        if (count >= length) break
        taken.push(sentence)
        count += words(sentence).length
      }
      if (count > 3 * length || count === 0) continue
      out.push({ ...essay, key: `${essay.key}:first${length}`, text: taken.join(' '), words: length })
    }
  }
  return out
}

export const excerptSignals = (essays: EllipseItem[], rules: () => Promise<RulesLinter>) =>
  signalsOf(ellipseExcerpts(essays), rules)

type Scored = Awaited<ReturnType<typeof excerptSignals>>[number]

/**
 * Per excerpt length: root-mean-square error (0–100 points) and mean Spearman rho of the six calibrated aspects
 * against the essays' ratings, with the given evidence weight (0: every text read at face value).
 */
export function excerptFit(
  excerpts: Scored[],
  evidenceWords: number,
): { words: number; n: number; rmse: number; rho: number }[] {
  return EXCERPT_WORDS.map((length) => {
    const group = excerpts.filter((e) => e.words === length)
    const scores = group.map((e) => measuredScores(e.signals, evidenceWords))
    const errors: number[] = []
    const rhos: number[] = []
    for (const [aspect, dim] of Object.entries(ELLIPSE_DIMENSION) as [
      keyof typeof ELLIPSE_DIMENSION,
      keyof Scored['ratings'],
    ][]) {
      const truth = group.map((e) => ellipseToScore(e.ratings[dim]))
      const ours = scores.map((s) => s[aspect])
      for (const [i, t] of truth.entries()) errors.push((ours[i]! - t) ** 2)
      rhos.push(spearman(ours, truth))
    }
    return { words: length, n: group.length, rmse: Math.sqrt(mean(errors)), rho: mean(rhos) }
  })
}
