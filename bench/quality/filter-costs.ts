// Why the rules layer flags fewer learner sentences than harper.js alone: every lint of harper.js alone on train
// (conll_gec train, every FIT_CWEB_EVERY-th cweb train sentence) that the layer does not show, grouped by the step
// that drops it, with what the step saves (web sentences with a false alarm) and costs (learner sentences that
// need an edit and that harper.js alone flags, on a human edit or anywhere, and the layer does not flag at all).
//   node --import tsx bench/quality/filter-costs.ts
import { FITTED_DISABLED_RULES, FITTED_SPELLING_KINDS } from '../../services/scoring-worker/src/rules/fitted-rules.js'
import { type RuleFinding, RulesLinter } from '../../services/scoring-worker/src/rules/harper-linter.js'
import { DISABLED_RULES, policyFor } from '../../services/scoring-worker/src/rules/lint-kinds.js'
import { type Flag, findingFlag, touches } from './correction-metrics.js'
import { type GoldSentence, loadConll, loadCweb, needsEdit } from './gold.js'
import { createHarperAlone } from './harper-alone.js'
import { ALL_SPELLING_KINDS } from './spelling-kinds.js'

const CWEB_EVERY = Number(process.env.FIT_CWEB_EVERY ?? 3)
const conll = loadConll('train')
const cweb = loadCweb('train').sentences.filter((_, i) => i % CWEB_EVERY === 0)

const harper = await createHarperAlone()
const product = await RulesLinter.create()
// The layer with nothing fitted and every spelling kind: what is left once only the fixed filters have run.
const unfitted = await RulesLinter.create({
  disabledRules: DISABLED_RULES,
  keepAllPatterns: true,
  learnedEdits: [],
  spellingKinds: [...ALL_SPELLING_KINDS],
})
const fittedOff = new Set(FITTED_DISABLED_RULES)
const keptKinds = new Set<string>(FITTED_SPELLING_KINDS)

const overlaps = (a: Flag, b: Flag) => a.start <= b.end && b.start <= a.end

/** The step that drops a lint of harper.js alone, or undefined when the layer shows a finding there. */
function dropStep(
  lint: Flag & { rule: string; kind: string },
  unfit: RuleFinding[],
  shown: Flag[],
): string | undefined {
  if (shown.some((f) => overlaps(f, lint))) return undefined
  if (lint.rule === 'LongSentences' || lint.rule === 'OkToOkay') return `switched off: ${lint.rule}`
  if (!policyFor(lint.kind)) return `kind dropped: ${lint.kind}`
  const mine = unfit.find((f) => f.rule === lint.rule && overlaps(f, lint))
  if (!mine)
    return lint.kind === 'Spelling'
      ? 'spelling vetted: British, brand or code, 3+ edits'
      : `no suggestion (or "to" before a modal): ${lint.kind}`
  if (fittedOff.has(lint.rule)) return `fitted off: ${lint.rule}`
  if (mine.spellingKind && !keptKinds.has(mine.spellingKind)) return `spelling kind off: ${mine.spellingKind}`
  return 'overlap with another finding'
}

type Row = { lints: number; onEdit: number; savedFalseAlarms: number; lostSentences: number; lostOnEdit: number }
const rows = new Map<string, Row>()
const total = { need: 0, harperDetected: 0, productDetected: 0, cweb: 0, harperFalse: 0, productFalse: 0 }

async function visit(s: GoldSentence, corpus: 'conll' | 'cweb'): Promise<void> {
  const edits = s.annotators.flat()
  const onEdit = (f: Flag) => edits.some((g) => touches(s.text, f, g))
  const shown = (await product.lint(s.text)).map((f) => findingFlag(s.text, f))
  const unfit = await unfitted.lint(s.text)
  const lints = await harper.lintsWithRules(s.text)
  const need = corpus === 'conll' && needsEdit(s)
  if (need) {
    total.need++
    if (lints.length > 0) total.harperDetected++
    if (shown.length > 0) total.productDetected++
  }
  if (corpus === 'cweb') {
    total.cweb++
    if (lints.some((l) => !onEdit(l))) total.harperFalse++
    if (shown.some((f) => !onEdit(f))) total.productFalse++
  }
  const bySteps = new Map<string, boolean[]>()
  for (const lint of lints) {
    const step = dropStep(lint, unfit, shown)
    if (step) bySteps.set(step, [...(bySteps.get(step) ?? []), onEdit(lint)])
  }
  for (const [step, hits] of bySteps) {
    const row = rows.get(step) ?? { lints: 0, onEdit: 0, savedFalseAlarms: 0, lostSentences: 0, lostOnEdit: 0 }
    row.lints += hits.length
    row.onEdit += hits.filter(Boolean).length
    if (need && shown.length === 0) {
      row.lostSentences++
      if (hits.some(Boolean)) row.lostOnEdit++
    }
    if (corpus === 'cweb' && hits.some((h) => !h) && !shown.some((f) => !onEdit(f))) row.savedFalseAlarms++
    rows.set(step, row)
  }
}

try {
  for (const [i, s] of [...conll, ...cweb].entries()) {
    await visit(s, i < conll.length ? 'conll' : 'cweb')
    if ((i + 1) % 500 === 0) process.stderr.write(`  ${i + 1}/${conll.length + cweb.length}\n`)
  }
} finally {
  await Promise.all([harper.close(), product.dispose(), unfitted.dispose()])
}
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`
console.log(
  `train: conll_gec ${conll.length} sentences (${total.need} need an edit), cweb every ${CWEB_EVERY}rd (${total.cweb})`,
)
console.log(
  `detection: harper.js alone ${pct(total.harperDetected, total.need)}, rules layer ${pct(total.productDetected, total.need)}; cweb false alarms: ${pct(total.harperFalse, total.cweb)} and ${pct(total.productFalse, total.cweb)}`,
)
console.log(
  'step that drops a harper.js lint: lints (on a human edit), conll sentences left unflagged where harper.js flags (on a human edit), cweb false alarms saved',
)
for (const [step, r] of [...rows.entries()].sort((a, b) => b[1].lostSentences - a[1].lostSentences))
  console.log(
    `  ${step.padEnd(52)} ${String(r.lints).padStart(5)} (${String(r.onEdit).padStart(4)})  ${String(r.lostSentences).padStart(4)} (${String(r.lostOnEdit).padStart(4)})  ${String(r.savedFalseAlarms).padStart(4)}`,
  )
