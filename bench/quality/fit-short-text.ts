// Offline fit of ASPECT_EVIDENCE_WORDS (calibration.ts): how many learner words count as much as the ELLIPSE essays'
// mean when the aspect features of a short text are shrunk toward it (formula.ts evidenceWeight). Reads excerpts of
// 1 in 4 ELLIPSE train essays (excerpts.ts) and picks, from a grid, the value with the least squared error against the
// essays' human ratings, every excerpt length weighing the same. Run after fit-levels.ts (it scores with the aspect
// models in calibration.ts); `--write` puts the chosen value into calibration.ts. Dev is never read here.
//   node --import tsx bench/quality/fit-short-text.ts [--write]
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { RulesLinter } from '../../services/scoring-worker/src/rules/harper-linter.js'
import { ASPECT_EVIDENCE_WORDS } from '../../services/scoring-worker/src/scoring/calibration.js'
import { excerptFit, excerptSignals } from './excerpts.js'
import { mean } from './fit-math.js'
import { ellipse } from './level-data.js'

const GRID = [0, 5, 10, 20, 30, 40, 60, 80, 120, 160]
let linter: Promise<RulesLinter> | undefined
const excerpts = await excerptSignals(ellipse('train', 4), () => (linter ??= RulesLinter.create()))

const results = GRID.map((k) => ({ k, rows: excerptFit(excerpts, k) }))
const lengths = results[0]!.rows
console.log(`Excerpts of ellipse train (1 essay in 4): ${lengths.map((r) => `${r.n} of ${r.words} words`).join(', ')}`)
console.log(`| evidence words | ${lengths.map((r) => `RMSE / rho at ${r.words} words`).join(' | ')} | mean RMSE |`)
console.log(`|---|${lengths.map(() => '---|').join('')}---|`)
for (const { k, rows } of results)
  console.log(
    `| ${k} | ${rows.map((r) => `${r.rmse.toFixed(1)} / ${r.rho.toFixed(3)}`).join(' | ')} | ${mean(rows.map((r) => r.rmse)).toFixed(2)} |`,
  )
const best = results.reduce((a, b) => (mean(b.rows.map((r) => r.rmse)) < mean(a.rows.map((r) => r.rmse)) ? b : a))
console.log(`chosen: ${best.k} evidence words (calibration.ts has ${ASPECT_EVIDENCE_WORDS})`)

if (process.argv.includes('--write')) {
  const path = resolve(import.meta.dirname, '../../services/scoring-worker/src/scoring/calibration.ts')
  const text = readFileSync(path, 'utf8')
  const updated = text.replace(
    /export const ASPECT_EVIDENCE_WORDS = \d+/,
    `export const ASPECT_EVIDENCE_WORDS = ${best.k}`,
  )
  if (updated === text && best.k !== ASPECT_EVIDENCE_WORDS) throw new Error(`no ASPECT_EVIDENCE_WORDS in ${path}`)
  writeFileSync(path, updated)
  console.log(`wrote ${path}`)
}
