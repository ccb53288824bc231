// The /score rubric on the real weights (SmolLM2-135M-Instruct, Gemma 3 270M): JSON validity, how often the vetting
// rejects the answer (all alike, extreme, contradicting the measured signals), the largest swing the LLM caused, and
// latency, beside the measured-only /score on the same conversations in the same run (the anchor). Each model runs
// twice: rubric asked (SCORING_RUBRIC_SMALL_MODELS=ask, the behaviour before models under 1B were skipped) and the
// default (skip), so the skip's saving is measured in the same run.
//   node --import tsx bench/score/rubric-real.ts        (BENCH_RUBRIC_CALLS, default 8 per model)

import { request } from 'node:http'
import { loadConfig, ScoreResponse, silentLogger } from '@parley/core'
import { prepareRealModelStore, REAL_MODELS_DIR_ENV, startRealLlmWorker } from '@parley/llm-worker/testing'
import { scoringWorkerEnv, startScoringWorker } from '@parley/scoring-worker'
import { RulesLinter } from '../feedback/stack.js'
import { CONVERSATIONS } from '../feedback/texts.js'
import { freePort } from '../lib/free-port.js'

// On a loaded machine one call can outlast the 5-minute socket idle limit (servers) and fetch's 5-minute wait for
// headers (client), so both are lifted here: the servers read HTTP_IDLE_TIMEOUT_MS, the client is node:http.
process.env.HTTP_IDLE_TIMEOUT_MS ??= '3600000'

/** POST JSON with node:http, which (unlike fetch) sets no deadline of its own on a slow answer. */
function postJson(url: string, body: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => {
        text += chunk
      })
      res.on('end', () =>
        res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`${url}: ${res.statusCode} ${text}`)),
      )
    })
    req.on('error', reject)
    req.end(JSON.stringify(body))
  })
}

const CALLS = Number(process.env.BENCH_RUBRIC_CALLS ?? 8)
const THREADS = Number(process.env.BENCH_THREADS ?? 2)
const MODELS = (process.env.BENCH_RUBRIC_MODELS ?? 'smollm2:135m,gemma3:270m').split(',')

const modelsDir = await prepareRealModelStore()
if (!modelsDir) {
  console.log('real weights absent (npm run models:real): rubric-real skipped')
  process.exit(0)
}
process.env[REAL_MODELS_DIR_ENV] = modelsDir
const rules = await RulesLinter.create()

/** A scoring worker whose rubric and embeddings use `model` on the pool at `llmUrl`. */
function startScoring(llmUrl: string, model: string, smallModels: 'ask' | 'skip' = 'skip') {
  const config = loadConfig(scoringWorkerEnv, {
    SCORING_WORKER_PORT: '0',
    SCORING_LLM_URL: llmUrl,
    SCORING_MODEL: model,
    EMBED_MODEL: model,
    SCORING_LLM_TIMEOUT_MS: '1800000',
    SCORING_RUBRIC_SMALL_MODELS: smallModels,
    LOG_LEVEL: 'silent',
  })
  return startScoringWorker(config, { log: silentLogger(), rules })
}
const conversation = (i: number) => CONVERSATIONS[i % CONVERSATIONS.length]!
const pct = (x: number) => `${(100 * x).toFixed(0)} %`
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!

async function timed(url: string, i: number) {
  const t = performance.now()
  const body = ScoreResponse.parse(await postJson(`${url}/score`, { conversation: conversation(i), seed: i + 1 }))
  return { ms: performance.now() - t, body }
}

/** CALLS calls one at a time, on conversations 0 .. CALLS-1 (the same for every model and the anchor). */
async function timedRuns(url: string) {
  const runs = []
  for (let i = 0; i < CALLS; i++) runs.push(await timed(url, i))
  return runs
}

const anchor = await startScoring(`http://127.0.0.1:${await freePort()}`, 'none')
const anchorRuns = await timedRuns(anchor.url)
await anchor.close()
const anchorP50 = quantile(
  anchorRuns.map((r) => r.ms),
  0.5,
)

console.log(
  `/score rubric on real weights, ${CALLS} calls per model, one at a time, ${THREADS} threads (machine shared)`,
)
console.log(
  '| model | rubric | valid JSON | used | rejected (why) | skipped | max swing | p50 ms | p95 ms | p50 vs measured-only |',
)
console.log('|---|---|---|---|---|---|---|---|---|---|')
for (const model of MODELS) {
  const llm = await startRealLlmWorker({
    model: model as 'smollm2:135m',
    threads: THREADS,
    contextSize: 2048,
  })
  try {
    for (const mode of ['ask', 'skip'] as const) {
      const scoring = await startScoring(llm.url, model, mode)
      try {
        await timed(scoring.url, 0) // loads the model (and the embedding path)
        const runs = await timedRuns(scoring.url)
        const status = (s: string) => runs.filter((r) => r.body.rubric?.status === s)
        const valid = status('used').length + status('rejected').length
        const reasons = [...new Set(status('rejected').map((r) => r.body.rubric?.reason?.replace(/\(.*\)/, '').trim()))]
        const swing = Math.max(0, ...runs.map((r) => r.body.rubric?.maxSwing ?? 0))
        const ms = runs.map((r) => r.ms)
        const p50 = quantile(ms, 0.5)
        const label = mode === 'ask' ? 'asked (before)' : 'default (under 1B: skipped)'
        console.log(
          `| ${model} | ${label} | ${status('skipped').length === CALLS ? '—' : pct(valid / CALLS)} | ${status('used').length} | ${status('rejected').length}${reasons.length ? ` (${reasons.join('; ')})` : ''} | ${status('skipped').length} | ${swing} | ${p50.toFixed(0)} | ${quantile(ms, 0.95).toFixed(0)} | ${(p50 / anchorP50).toFixed(1)}× |`,
        )
      } finally {
        await scoring.close()
      }
    }
  } finally {
    await llm.close()
  }
}
await rules.dispose()
