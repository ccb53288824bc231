// Lints every level and aspect item once for the current rules layer, so that fit-levels.ts and levels.ts read issue
// counts from the cache (bench/quality/level-data.ts) instead of linting for an hour. Resumable: a rerun lints only
// what the cache for this rules hash lacks. Run it in the background, niced:
//   nice -n 10 node --import tsx bench/quality/lint-cache.ts
import { RulesLinter } from '../../services/scoring-worker/src/rules/harper-linter.js'
import { ELLIPSE_TRAIN_EVERY } from './ellipse-sample.js'
import { cacheDir, cefrAsag, ellipse, issueCounts, readmepp, rulesHash } from './level-data.js'

const rules = (() => {
  let linter: Promise<RulesLinter> | undefined
  return () => (linter ??= RulesLinter.create())
})()

const sets = [
  ['cefr_asag train+dev', [...cefrAsag('train'), ...cefrAsag('dev')]],
  ['readmepp_en train+dev', [...readmepp('train'), ...readmepp('dev')]],
  ['ellipse dev', ellipse('dev')],
  // One in three first, so that a fit on the sample can start while the rest is still being linted.
  ['ellipse train (1 in 3)', ellipse('train', 3)],
  ...(ELLIPSE_TRAIN_EVERY < 3
    ? [[`ellipse train (1 in ${ELLIPSE_TRAIN_EVERY})`, ellipse('train', ELLIPSE_TRAIN_EVERY)]]
    : []),
] as [string, { key: string; text: string }[]][]

console.log(`rules ${rulesHash()}; cache ${cacheDir()}`)
const started = Date.now()
for (const [name, items] of sets) {
  const t = Date.now()
  await issueCounts(items, rules, (done, total) =>
    process.stderr.write(`  ${name}: linted ${done}/${total} (${((Date.now() - t) / 1000).toFixed(0)} s)\n`),
  )
  console.log(`${name}: ${items.length} items cached (${((Date.now() - t) / 1000).toFixed(0)} s)`)
}
console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`)
