// /feedback at 4 concurrent requests, rules only and rules + LLM on the bench model, each beside harper.js alone
// (LocalLinter.lint on the same texts, same run, same concurrency) as the reference.
import { LocalLinter } from 'harper.js'
import { binaryInlined } from 'harper.js/binaryInlined'
import { freePort } from '../lib/free-port.js'
import { type LoadResult, printLoadRatios, printRatio, runLoad } from '../lib/load.js'
import { CLEAN, NEEDS_EDIT } from './labelled.js'
import { postJson, RulesLinter, startBenchLlm, startBenchScoring } from './stack.js'
import { LEARNER_TEXTS } from './texts.js'

const CONCURRENCY = 4
const RULES_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 320)
const LLM_REQUESTS = Number(process.env.BENCH_LLM_REQUESTS ?? 8)
const LLM_TOKENS = Number(process.env.BENCH_LLM_TOKENS ?? 32)
const learner = { name: 'Bench', level: 'B1', nativeLanguage: 'id' }

function measure(requests: number, call: (i: number) => Promise<unknown>): Promise<LoadResult> {
  return runLoad({ concurrency: CONCURRENCY, requests, call })
}

const print = (label: string, measured: LoadResult, reference: LoadResult) =>
  printLoadRatios(label, measured, reference, 'msg/s')

const text = (i: number) => LEARNER_TEXTS[i % LEARNER_TEXTS.length]!
const harper = new LocalLinter({ binary: binaryInlined })
await harper.setup()
const harperAlone = (i: number) => harper.lint(text(i), { language: 'plaintext' })
const rules = await RulesLinter.create()

// Rules only: the LLM layer switched off, as `parley scoring-worker --rules-only` runs it.
const rulesOnly = await startBenchScoring(`http://127.0.0.1:${await freePort()}`, rules, LLM_TOKENS, {
  feedbackLlm: false,
})
const feedback = (url: string) => (i: number) => postJson(`${url}/feedback`, { text: text(i), learner })
await measure(32, harperAlone)
await measure(32, feedback(rulesOnly.url))
const refRules = await measure(RULES_REQUESTS, harperAlone)
const rulesRow = await measure(RULES_REQUESTS, feedback(rulesOnly.url))
console.log(
  `/feedback, ${CONCURRENCY} concurrent, ${RULES_REQUESTS} messages (reference: harper.js LocalLinter.lint alone)`,
)
print('/feedback rules only', rulesRow, refRules)
await rulesOnly.close()

// Precision: sentences flagged at all, before (harper.js alone) and after the rules layer's filters.
const flaggedShare = async (texts: string[], lint: (t: string) => Promise<unknown[]>) => {
  let flagged = 0
  for (const t of texts) if ((await lint(t)).length > 0) flagged++
  return flagged / texts.length
}
const harperLint = (t: string) => harper.lint(t, { language: 'plaintext' })
const rulesLint = (t: string) => rules.lint(t)
console.log(
  `sentences flagged, ${CLEAN.length} that need no edit and ${NEEDS_EDIT.length} that do (reference: harper.js alone)`,
)
printRatio(
  'flagged, need no edit (lower is better)',
  100 * (await flaggedShare(CLEAN, rulesLint)),
  100 * (await flaggedShare(CLEAN, harperLint)),
  '%',
)
printRatio(
  'flagged, need an edit (higher is better)',
  100 * (await flaggedShare(NEEDS_EDIT, rulesLint)),
  100 * (await flaggedShare(NEEDS_EDIT, harperLint)),
  '%',
)

if (process.env.BENCH_LLM === '0') {
  console.log('BENCH_LLM=0: the rows with the bench model were skipped')
  await rules.dispose()
  await harper.dispose()
  process.exit(0)
}
const llm = await startBenchLlm()
const withLlm = await startBenchScoring(llm.url, rules, LLM_TOKENS)
try {
  await postJson(`${withLlm.url}/feedback`, { text: text(0), learner }) // loads the model
  const refLlm = await measure(LLM_REQUESTS, harperAlone)
  const llmRow = await measure(LLM_REQUESTS, feedback(withLlm.url))
  console.log(
    `/feedback, ${CONCURRENCY} concurrent, ${LLM_REQUESTS} messages, bench model (${llm.threads} threads, up to ${LLM_TOKENS} tokens)`,
  )
  print('/feedback rules + LLM', llmRow, refLlm)
} finally {
  await withLlm.close()
  await llm.close()
  await rules.dispose()
  await harper.dispose()
}
