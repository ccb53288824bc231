import { loadConfig, type RunningService, silentLogger } from '@parley/core'
import { startTestLlmWorker, type TestLlmWorker } from '@parley/llm-worker/testing'
import { RulesLinter, scoringWorkerEnv, startScoringWorker } from '@parley/scoring-worker'

export const BENCH_MODEL = 'parley-bench:latest'
const THREADS = Number(process.env.BENCH_THREADS ?? 2)

/** An llm-worker serving the ~0.5B-shaped random-weight bench model, in a temp dir removed by `close`. */
export async function startBenchLlm(): Promise<TestLlmWorker & { threads: number }> {
  const llm = await startTestLlmWorker({
    size: 'bench',
    model: BENCH_MODEL,
    seed: 11,
    threads: THREADS,
    contextSize: 2048,
  })
  return { ...llm, threads: THREADS }
}

/** A scoring worker on an ephemeral port sharing `rules`, against the pool at `llmUrl`. */
export function startBenchScoring(
  llmUrl: string,
  rules: RulesLinter,
  maxTokens: number,
  opts: { feedbackLlm?: boolean } = {},
): Promise<RunningService> {
  const config = loadConfig(scoringWorkerEnv, {
    SCORING_WORKER_PORT: '0',
    SCORING_LLM_URL: llmUrl,
    SCORING_MODEL: BENCH_MODEL,
    EMBED_MODEL: BENCH_MODEL,
    SCORING_MAX_TOKENS: String(maxTokens),
    SCORING_LLM_TIMEOUT_MS: '600000',
    LOG_LEVEL: 'silent',
  })
  return startScoringWorker(config, { log: silentLogger(), rules, feedbackLlm: opts.feedbackLlm })
}

export async function postJson(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`)
  return res.json()
}

export { RulesLinter }
