import { createLogger, createMetrics, type Logger, type RunningService, serveApp } from '@parley/core'
import { createChatWorkerApp } from './app.js'
import type { ChatWorkerConfig } from './config.js'
import { LlmPool } from './llm.js'
import { loadScenarios } from './scenarios.js'
import { BackgroundWork } from './turn/background.js'

export type ChatWorkerOverrides = {
  log?: Logger
  port?: number
  /** How to reach CHAT_LLM_URL; the embedded stack passes a fetch into an in-process llm-worker's `app.fetch`. */
  llmFetch?: typeof fetch
}

/**
 * Starts the chat worker on its own port. It holds no state beyond its caches and the turns still being stored, which
 * closing waits for (up to SHUTDOWN_TIMEOUT_MS).
 */
export async function startChatWorker(
  config: ChatWorkerConfig,
  overrides: ChatWorkerOverrides = {},
): Promise<RunningService> {
  const log = overrides.log ?? createLogger({ name: 'chat-worker', level: config.LOG_LEVEL })
  const metrics = createMetrics('chat-worker')
  const scenarios = await loadScenarios(config.CHAT_SCENARIOS_DIR)
  const pool = new LlmPool(config.CHAT_LLM_URL.replace(/\/+$/, ''), overrides.llmFetch)
  const background = new BackgroundWork()
  const app = createChatWorkerApp({
    log,
    metrics,
    pool,
    scenarios,
    settings: {
      tutorName: config.TUTOR_NAME,
      defaultModel: config.CHAT_MODEL,
      numCtx: config.CHAT_NUM_CTX,
      maxReplyTokens: config.CHAT_MAX_REPLY_TOKENS,
      maxReplySentences: config.CHAT_MAX_REPLY_SENTENCES,
      repeatPenalty: config.CHAT_REPEAT_PENALTY,
      repeatLastN: config.CHAT_REPEAT_LAST_N,
      temperature: config.CHAT_TEMPERATURE,
      summaryTimeoutMs: config.CHAT_SUMMARY_TIMEOUT_MS,
      maxBodyBytes: config.CHAT_MAX_BODY_BYTES,
      region: config.CHAT_REGION,
    },
    turn: { apiUrl: config.CHAT_API_URL, scoringUrl: config.CHAT_SCORING_URL, background },
  })
  return serveApp({
    name: 'chat-worker',
    app,
    log,
    metrics,
    port: overrides.port ?? config.CHAT_WORKER_PORT,
    host: config.HOST,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    health: () => ({
      llm: pool.url,
      model: config.CHAT_MODEL,
      scenarios: scenarios.list().length,
      backgroundTurns: background.size,
    }),
    // Turns whose caller has gone are still being stored and scored; give them the shutdown deadline to finish.
    onClose: async () => {
      if (!(await background.drain(config.SHUTDOWN_TIMEOUT_MS)))
        log.warn({ pending: background.size }, 'stopped with turn work unfinished (saves or scores)')
    },
  })
}
