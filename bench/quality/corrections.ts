// Corrections half of bench/quality: the rules layer against harper.js alone (the anchor) on conll_gec dev
// (learner essays, detokenised) and cweb dev (mostly correct web text: false alarms), then rules vs rules+LLM on
// real weights (llm-corrections.ts).
import { RulesLinter } from '../../services/scoring-worker/src/rules/harper-linter.js'
import { addSentence, type CorrectionRates, emptyTally, type Flag, findingFlag, rates } from './correction-metrics.js'
import { type GoldSentence, loadConll, loadCweb } from './gold.js'
import { createHarperAlone } from './harper-alone.js'
import { runLlmComparison } from './llm-corrections.js'

const SPLIT = process.env.QUALITY_SPLIT === 'train' ? 'train' : 'dev'

type Checker = (text: string) => Promise<Flag[]>

/** Per-sentence times (ms) of each checker: the rules layer answers at once in the product. */
const times = new Map<Checker, number[]>()

async function timedFlags(check: Checker, text: string): Promise<Flag[]> {
  const started = performance.now()
  const flags = await check(text)
  const ms = times.get(check) ?? []
  ms.push(performance.now() - started)
  times.set(check, ms)
  return flags
}

/**
 * Both checkers on every sentence, one after the other on the same sentence, so that their times see the same
 * load on a shared machine.
 */
async function rateBoth(
  sentences: GoldSentence[],
  ours: Checker,
  anchor: Checker,
): Promise<{ ours: CorrectionRates; anchor: CorrectionRates }> {
  const [oursTally, anchorTally] = [emptyTally(), emptyTally()]
  for (const s of sentences) {
    addSentence(oursTally, s, await timedFlags(ours, s.text))
    addSentence(anchorTally, s, await timedFlags(anchor, s.text))
  }
  return { ours: rates(oursTally), anchor: rates(anchorTally) }
}

function quantile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
}

export function rulesChecker(rules: RulesLinter): Checker {
  return async (text) => (await rules.lint(text)).map((f) => findingFlag(text, f))
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`
const ratio = (a: number, b: number) => (b === 0 ? '—' : `${(a / b).toFixed(2)}×`)

function row(name: string, target: string, ours: number, anchor: number, meets: boolean): string {
  return `  ${name.padEnd(34)} ${pct(ours).padStart(8)}   harper alone ${pct(anchor).padStart(8)}   ratio ${ratio(ours, anchor).padStart(6)}   target ${target} ${meets ? 'MET' : 'not met'}`
}

export async function runCorrections(): Promise<void> {
  const conll = loadConll(SPLIT)
  const cweb = loadCweb(SPLIT)
  const rules = await RulesLinter.create()
  const harper = await createHarperAlone()
  try {
    const started = performance.now()
    const ours = rulesChecker(rules)
    const { ours: rConll, anchor: hConll } = await rateBoth(conll, ours, harper.flags)
    const { ours: rCweb, anchor: hCweb } = await rateBoth(cweb.sentences, ours, harper.flags)
    console.log(
      `corrections, ${SPLIT} split: conll_gec ${conll.length} sentences (detokenised), cweb ${cweb.sentences.length} (${cweb.unaligned} not alignable, skipped); ${((performance.now() - started) / 1000).toFixed(1)} s`,
    )
    console.log('rules layer vs harper.js alone, same run:')
    console.log(
      row('detection (conll, any flag)', '≥ 70 %', rConll.detection, hConll.detection, rConll.detection >= 0.7),
    )
    console.log(
      row('  on a gold span', '', rConll.detectionOnTarget, hConll.detectionOnTarget, true).replace(' MET', ''),
    )
    console.log(
      row(
        'false alarms (cweb, of sentences)',
        '≤ 3 %',
        rCweb.falseAlarms,
        hCweb.falseAlarms,
        rCweb.falseAlarms <= 0.03,
      ),
    )
    console.log(
      row('  clean cweb sentences flagged', '', rCweb.flaggedClean, hCweb.flaggedClean, true).replace(' MET', ''),
    )
    console.log(
      row('span precision (conll)', '≥ 95 %', rConll.spanPrecision, hConll.spanPrecision, rConll.spanPrecision >= 0.95),
    )
    console.log(row('  span precision (cweb)', '', rCweb.spanPrecision, hCweb.spanPrecision, true).replace(' MET', ''))
    console.log(
      row(
        'first suggestion = gold (conll)',
        '≥ 70 %',
        rConll.firstSuggestion,
        hConll.firstSuggestion,
        rConll.firstSuggestion >= 0.7,
      ),
    )
    const [oursMs, harperMs] = [times.get(ours) ?? [], times.get(harper.flags) ?? []]
    console.log(
      `  time per sentence (conll and cweb), median ${quantile(oursMs, 0.5).toFixed(1)} ms, p90 ${quantile(oursMs, 0.9).toFixed(1)} ms; harper alone median ${quantile(harperMs, 0.5).toFixed(1)} ms; ratio of medians ${ratio(quantile(oursMs, 0.5), quantile(harperMs, 0.5))}`,
    )
    // QUALITY_LLM=0 skips the real-weight comparison (minutes on 2 cores).
    if (process.env.QUALITY_LLM !== '0') await runLlmComparison(rules, conll, cweb.sentences)
  } finally {
    await Promise.all([rules.dispose(), harper.close()])
  }
}
