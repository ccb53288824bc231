// Level and aspect estimates on the dev splits (never used for fitting), each beside a length-only baseline fitted on
// train in this same run: CEFR exact / within-one on cefr_asag dev and readmepp_en dev, reliability tables and ECE of
// the confidence (beside the model's own, before the evidence calibration), and Spearman's rho of each calibrated
// aspect against its ELLIPSE rating on ellipse dev.
import { CEFR_LEVELS } from '@parley/core'
import { RulesLinter } from '../../services/scoring-worker/src/rules/harper-linter.js'
import {
  ASPECT_EVIDENCE_WORDS,
  ASPECTS_FITTED_RULES_HASH,
  CEFR_FIT,
  FITTED_RULES_HASH,
} from '../../services/scoring-worker/src/scoring/calibration.js'
import { levelProbabilities, modelLevelProbabilities } from '../../services/scoring-worker/src/scoring/cefr.js'
import {
  FEATURES,
  type FeatureName,
  featureValues,
  standardised,
} from '../../services/scoring-worker/src/scoring/features.js'
import {
  aspectFeatures,
  calibratedScore,
  ELLIPSE_DIMENSION,
} from '../../services/scoring-worker/src/scoring/formula.js'
import type { Signals } from '../../services/scoring-worker/src/scoring/signals.js'
import { sentences, words } from '../../services/scoring-worker/src/scoring/text-stats.js'
import { excerptFit, excerptSignals } from './excerpts.js'
import {
  argmax,
  expectedCalibrationError,
  fitOrdinal,
  fitRidge,
  mean,
  ordinalProbabilities,
  reliability,
  spearman,
} from './fit-math.js'
import { cefrAsag, ellipse, type LevelItem, readmepp, rulesHash } from './level-data.js'
import { fitRows, levelSampleWeights, signalsOf } from './level-signals.js'

const TARGETS = { exact: 0.55, withinOne: 0.9, spearman: 0.5 }
const LENGTH: FeatureName[] = ['logWordsPerTurn', 'meanSentenceLength']
const WORD_BANDS = [
  [0, 15],
  [15, 30],
  [30, 60],
  [60, 120],
  [120, Infinity],
] as const

const rules = (() => {
  let linter: Promise<RulesLinter> | undefined
  return () => (linter ??= RulesLinter.create())
})()

type Scored = LevelItem & { signals: Signals }

/** The two length features of one text, without the rest of the signals (tagging 4,571 essays takes minutes). */
function lengthValues(text: string): number[] {
  const sentenceWords = sentences(text).map((s) => words(s).length)
  const partial = {
    medianWordsPerTurn: words(text).length,
    meanSentenceLength: sentenceWords.reduce((a, b) => a + b, 0) / Math.max(1, sentenceWords.length),
  } as Signals
  return LENGTH.map((n) => FEATURES[n](partial))
}

/** The length-only baseline: the same ordinal model and data weighting as the real one, on length features alone. */
function lengthBaseline(asag: Scored[], readme: Scored[]) {
  const items = [
    ...asag.map((i) => ({ ...i, set: 'asag' as const })),
    ...readme.map((i) => ({ ...i, set: 'readme' as const })),
  ]
  const values = items.map((i) => featureValues(i.signals))
  const scale = Object.fromEntries(
    LENGTH.map((n) => {
      const xs = values.map((v) => v[n])
      const m = mean(xs)
      return [n, { mean: m, sd: Math.sqrt(mean(xs.map((x) => (x - m) ** 2))), min: -Infinity, max: Infinity }]
    }),
  ) as Record<FeatureName, { mean: number; sd: number; min: number; max: number }>
  const rowOf = (s: Signals) => LENGTH.map((n) => standardised(featureValues(s)[n], scale[n]))
  const fit = fitRows(
    items,
    items.map((i) => rowOf(i.signals)),
    levelSampleWeights(items, CEFR_FIT),
    CEFR_FIT,
  )
  const model = fitOrdinal(fit.rows, fit.levels, fit.weights, 6, CEFR_FIT.l2, 1500)
  return (s: Signals) => ordinalProbabilities(model, rowOf(s))
}

function accuracy(items: Scored[], predict: (s: Signals) => number[]) {
  const predictions = items.map((i) => {
    const p = predict(i.signals)
    const level = argmax(p)
    return { level, truth: i.level, confidence: p[level]!, right: level === i.level }
  })
  return {
    exact: mean(predictions.map((p) => (p.right ? 1 : 0))),
    withinOne: mean(predictions.map((p) => (Math.abs(p.level - p.truth) <= 1 ? 1 : 0))),
    said: [...new Set(predictions.map((p) => CEFR_LEVELS[p.level]))].sort().join(' '),
    predictions,
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`
const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`)

export async function runLevels(): Promise<void> {
  console.log('\n## Levels and aspects (dev splits; baselines fitted on train in this run)')
  const rulesInUse = process.env.QUALITY_ISSUE_CACHE?.match(/issues-([0-9a-f]+)\.json$/)?.[1] ?? rulesHash()
  for (const [what, hash] of [
    ['level model was', FITTED_RULES_HASH],
    ['aspect models were', ASPECTS_FITTED_RULES_HASH],
  ])
    console.log(
      rulesInUse === hash
        ? `rules layer ${rulesInUse}: the one the ${what} fitted on`
        : `NOTE: rules layer ${rulesInUse} differs from the one the ${what} fitted on (${hash}): refit with bench/quality/fit-levels.ts`,
    )
  const zero = async (items: LevelItem[]) => (await signalsOf(items, rules)) as Scored[]
  const [asagTrain, readmeTrain, asagDev, readmeDev] = [
    await zero(cefrAsag('train')),
    await zero(readmepp('train')),
    await zero(cefrAsag('dev')),
    await zero(readmepp('dev')),
  ]
  const baseline = lengthBaseline(asagTrain, readmeTrain)
  const model = (s: Signals) => levelProbabilities(featureValues(s), { words: s.learnerWords, sentences: s.sentences })
  // The same model before the evidence calibration: the confidence the level had before it.
  const uncalibrated = (s: Signals) => modelLevelProbabilities(featureValues(s))
  type Prediction = ReturnType<typeof accuracy>['predictions'][number] & { words: number }
  const tables: [string, Prediction[]][] = []
  const before: Prediction[] = []
  const eceRows: string[] = []
  for (const [name, dev] of [
    ['cefr_asag dev', asagDev],
    ['readmepp_en dev', readmeDev],
  ] as const) {
    const withWords = (r: ReturnType<typeof accuracy>) =>
      r.predictions.map((p, i) => ({ ...p, words: dev[i]!.signals.learnerWords }))
    const ours = accuracy(dev, model)
    const raw = accuracy(dev, uncalibrated)
    const base = accuracy(dev, baseline)
    tables.push([name, withWords(ours)])
    before.push(...withWords(raw))
    eceRows.push(
      `| ${name} | ${expectedCalibrationError(ours.predictions).toFixed(3)} | ${expectedCalibrationError(raw.predictions).toFixed(3)} | ${expectedCalibrationError(base.predictions).toFixed(3)} |`,
    )
    console.log(`\n${name} (n = ${dev.length})`)
    console.log(`| metric | Parley | length-only baseline | ratio | target |`)
    console.log(`|---|---|---|---|---|`)
    const target = name.startsWith('cefr_asag')
    console.log(
      `| exact | ${pct(ours.exact)} | ${pct(base.exact)} | ${ratio(ours.exact, base.exact)} | ${target ? `≥ ${pct(TARGETS.exact)}` : '—'} |`,
    )
    console.log(
      `| within one | ${pct(ours.withinOne)} | ${pct(base.withinOne)} | ${ratio(ours.withinOne, base.withinOne)} | ${target ? `≥ ${pct(TARGETS.withinOne)}` : '—'} |`,
    )
    console.log(`| levels said | ${ours.said} | ${base.said} | | A1 and A2 among them |`)
    console.log(
      `| mean confidence | ${mean(ours.predictions.map((p) => p.confidence)).toFixed(2)} | | | ≈ exact (${mean(raw.predictions.map((p) => p.confidence)).toFixed(2)} before the evidence calibration) |`,
    )
  }
  const allPredictions = tables.flatMap(([, p]) => p)
  for (const [name, predictions] of [...tables, ['both dev sets', allPredictions] as const]) {
    console.log(
      `\nReliability of the confidence (${name}): of the estimates given confidence in a range, the share right`,
    )
    console.log('| confidence | n | mean confidence | right |')
    console.log('|---|---|---|---|')
    for (const r of reliability(predictions))
      console.log(`| ${r.range} | ${r.n} | ${r.meanConfidence.toFixed(2)} | ${pct(r.accuracy)} |`)
  }
  console.log(
    '\nExpected calibration error (share-weighted |confidence − accuracy| over the bins above; lower is better)',
  )
  console.log('| dev set | Parley | before the evidence calibration | length-only baseline |')
  console.log('|---|---|---|---|')
  for (const r of eceRows) console.log(r)
  console.log(
    `| both | ${expectedCalibrationError(allPredictions).toFixed(3)} | ${expectedCalibrationError(before).toFixed(3)} | |`,
  )
  console.log('\nBy amount of evidence (both dev sets): mean confidence, share right and ECE per band of learner words')
  console.log('| words | n | mean confidence | right | ECE | ECE before the evidence calibration |')
  console.log('|---|---|---|---|---|---|')
  for (const [lo, hi] of WORD_BANDS) {
    const inBand = (p: Prediction) => p.words >= lo && p.words < hi
    const ours = allPredictions.filter(inBand)
    if (ours.length === 0) continue
    console.log(
      `| ${hi === Infinity ? `${lo}+` : `${lo}–${hi - 1}`} | ${ours.length} | ${mean(ours.map((p) => p.confidence)).toFixed(2)} | ${pct(mean(ours.map((p) => (p.right ? 1 : 0))))} | ${expectedCalibrationError(ours).toFixed(3)} | ${expectedCalibrationError(before.filter(inBand)).toFixed(3)} |`,
    )
  }

  // Aspects against ELLIPSE ratings.
  // QUALITY_ESSAY_ISSUE_CACHE: the essays' issue counts from an earlier lint (641 essays take 20–40 minutes to lint on
  // the shared machine), named here so the table says which rules layer it reflects.
  const essayCache = process.env.QUALITY_ESSAY_ISSUE_CACHE
  if (essayCache)
    console.log(
      `\nNOTE: the essays' issue counts come from ${essayCache.match(/issues-([0-9a-f]+)\.json$/)?.[1] ?? essayCache}, not ${rulesInUse}`,
    )
  const essaysDev = await signalsOf(ellipse('dev'), rules, undefined, essayCache)
  // Length needs no linting: the whole of ellipse train, with zero issue counts.
  const essaysTrain = ellipse('train').map((e) => ({ ...e, lengths: lengthValues(e.text) }))
  console.log(
    `\nAspects vs ELLIPSE human ratings, Spearman rho on ellipse dev (n = ${essaysDev.length}); baseline: ridge on length (log words, mean sentence length) fitted on ellipse train`,
  )
  console.log('| Parley aspect | ELLIPSE dimension | Parley rho | length-only rho | ratio | target |')
  console.log('|---|---|---|---|---|---|')
  for (const [aspect, dim] of Object.entries(ELLIPSE_DIMENSION)) {
    const truth = essaysDev.map((e) => e.ratings[dim])
    const ours = essaysDev.map(
      (e) => calibratedScore(aspect as keyof typeof ELLIPSE_DIMENSION, aspectFeatures(e.signals)).score,
    )
    const coef = fitRidge(
      essaysTrain.map((e) => e.lengths),
      essaysTrain.map((e) => e.ratings[dim]),
      0,
    )
    const base = essaysDev.map((e) => coef[0]! + lengthValues(e.text).reduce((n, x, j) => n + x * coef[j + 1]!, 0))
    const rho = spearman(ours, truth)
    const baseRho = spearman(base, truth)
    console.log(
      `| ${aspect} | ${dim} | ${rho.toFixed(3)} | ${baseRho.toFixed(3)} | ${ratio(rho, baseRho)} | ≥ ${TARGETS.spearman} |`,
    )
  }

  // Short texts: a chat message is 5–40 words, not an essay. Excerpts of the dev essays, scored with the fitted
  // evidence weight and, as the anchor, with every text read at face value (the scores before 2026-12-04).
  const excerpts = await excerptSignals(ellipse('dev'), rules)
  const shrunk = excerptFit(excerpts, ASPECT_EVIDENCE_WORDS)
  const faceValue = excerptFit(excerpts, 0)
  console.log(
    `\nShort texts: the first sentences of each ellipse dev essay (up to 5–80 words) against the whole essay's ratings, six aspects pooled; anchor: the same scores with no evidence weight (ASPECT_EVIDENCE_WORDS ${ASPECT_EVIDENCE_WORDS} vs 0)`,
  )
  console.log('| words | n | RMSE (points) | anchor RMSE | ratio | mean rho | anchor rho |')
  console.log('|---|---|---|---|---|---|---|')
  shrunk.forEach((r, i) => {
    const a = faceValue[i]!
    console.log(
      `| ${r.words} | ${r.n} | ${r.rmse.toFixed(1)} | ${a.rmse.toFixed(1)} | ${(r.rmse / a.rmse).toFixed(2)} | ${r.rho.toFixed(3)} | ${a.rho.toFixed(3)} |`,
    )
  })
}

if (process.argv[1]?.endsWith('levels.ts')) await runLevels()
