import { createLogger, createMetrics, type Logger, type loadConfig, type RunningService, serveApp } from '@parley/core'
import type { Ollama } from 'ollama'
import { createScoringWorkerApp } from './app.js'
import type { scoringWorkerEnv } from './config.js'
import { createOllama } from './llm/json-chat.js'
import { RulesLinter } from './rules/harper-linter.js'

export type ScoringWorkerConfig = ReturnType<typeof loadConfig<typeof scoringWorkerEnv>>

/** What `parley start` may share with the scoring worker instead of letting it open its own. */
export type ScoringWorkerOverrides = {
  log?: Logger
  rules?: RulesLinter
  /** A ready client for the pool; wins over `llmFetch`. */
  ollama?: Ollama
  /** The fetch the pool client uses, e.g. `(input, init) => llmApp.fetch(new Request(input, init))` in-process. */
  llmFetch?: typeof fetch
  port?: number
  feedbackLlm?: boolean
}

/** Starts the scoring worker: sets up Harper once, then serves /feedback, /score and /embed. */
export async function startScoringWorker(
  config: ScoringWorkerConfig,
  overrides: ScoringWorkerOverrides = {},
): Promise<RunningService> {
  const log = overrides.log ?? createLogger({ name: 'scoring-worker', level: config.LOG_LEVEL })
  const metrics = createMetrics('scoring-worker')
  const ownsRules = overrides.rules === undefined
  const rules = overrides.rules ?? (await RulesLinter.create())
  const ollama =
    overrides.ollama ??
    createOllama({ url: config.SCORING_LLM_URL, timeoutMs: config.SCORING_LLM_TIMEOUT_MS }, overrides.llmFetch)
  const app = createScoringWorkerApp({
    log,
    metrics,
    rules,
    ollama,
    model: config.SCORING_MODEL,
    embedModel: config.EMBED_MODEL,
    embedDim: config.EMBED_DIM,
    maxTokens: config.SCORING_MAX_TOKENS,
    seed: config.SCORING_SEED,
    feedbackLlm: overrides.feedbackLlm,
    llmIssues: config.SCORING_LLM_ISSUES,
    rubricSmallModels: config.SCORING_RUBRIC_SMALL_MODELS,
  })
  return serveApp({
    name: 'scoring-worker',
    app,
    log,
    metrics,
    port: overrides.port ?? config.SCORING_WORKER_PORT,
    host: config.HOST,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    health: () => ({ llm: config.SCORING_LLM_URL, model: config.SCORING_MODEL, embedModel: config.EMBED_MODEL }),
    onClose: async () => {
      if (ownsRules) await rules.dispose()
    },
  })
}
