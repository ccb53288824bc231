// /score at 4 concurrent requests, measured signals only (LLM pool unreachable) and measured + LLM rubric and
// embeddings on the bench model, each beside harper.js alone linting the same conversations' learner turns (same run,
// same concurrency) as the reference.
import { LocalLinter } from 'harper.js'
import { binaryInlined } from 'harper.js/binaryInlined'
import { postJson, RulesLinter, startBenchLlm, startBenchScoring } from '../feedback/stack.js'
import { CONVERSATIONS } from '../feedback/texts.js'
import { freePort } from '../lib/free-port.js'
import { type LoadResult, printLoadRatios, runLoad } from '../lib/load.js'

const CONCURRENCY = 4
const MEASURED_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 80)
const LLM_REQUESTS = Number(process.env.BENCH_LLM_REQUESTS ?? 8)
const LLM_TOKENS = Number(process.env.BENCH_LLM_TOKENS ?? 32)

function measure(requests: number, call: (i: number) => Promise<unknown>): Promise<LoadResult> {
  return runLoad({ concurrency: CONCURRENCY, requests, call })
}

const print = (label: string, measured: LoadResult, reference: LoadResult) =>
  printLoadRatios(label, measured, reference, 'conv/s')

const conversation = (i: number) => CONVERSATIONS[i % CONVERSATIONS.length]!
const harper = new LocalLinter({ binary: binaryInlined })
await harper.setup()
const harperAlone = async (i: number) => {
  for (const turn of conversation(i))
    if (turn.role === 'user') await harper.lint(turn.content, { language: 'plaintext' })
}
const score = (url: string) => (i: number) => postJson(`${url}/score`, { conversation: conversation(i), seed: 1 })
const rules = await RulesLinter.create()

const measuredOnly = await startBenchScoring(`http://127.0.0.1:${await freePort()}`, rules, LLM_TOKENS)
await measure(16, harperAlone)
await measure(16, score(measuredOnly.url))
const refMeasured = await measure(MEASURED_REQUESTS, harperAlone)
const measuredRow = await measure(MEASURED_REQUESTS, score(measuredOnly.url))
console.log(
  `/score, ${CONCURRENCY} concurrent, ${MEASURED_REQUESTS} conversations of 6 turns, LLM pool unreachable (reference: harper.js alone on the learner turns)`,
)
print('/score measured only', measuredRow, refMeasured)
await measuredOnly.close()

if (process.env.BENCH_LLM === '0') {
  console.log('BENCH_LLM=0: the rows with the bench model were skipped')
  await rules.dispose()
  await harper.dispose()
  process.exit(0)
}
const llm = await startBenchLlm()
const withLlm = await startBenchScoring(llm.url, rules, LLM_TOKENS)
try {
  await score(withLlm.url)(0) // loads the model
  const refLlm = await measure(LLM_REQUESTS, harperAlone)
  const llmRow = await measure(LLM_REQUESTS, score(withLlm.url))
  console.log(
    `/score, ${CONCURRENCY} concurrent, ${LLM_REQUESTS} conversations, bench model (${llm.threads} threads, rubric up to ${LLM_TOKENS} tokens, embeddings)`,
  )
  print('/score measured + LLM', llmRow, refLlm)
} finally {
  await withLlm.close()
  await llm.close()
  await rules.dispose()
  await harper.dispose()
}
