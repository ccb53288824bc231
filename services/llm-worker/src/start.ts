import { createLogger, type Logger, type RunningService, serveApp } from '@parley/core'
import { createLlmWorkerApp } from './app.js'
import { type LlmWorkerConfig, modelsDirOf } from './config.js'
import type { LlmWorkerDeps } from './deps.js'
import { createLlmMetrics } from './metrics.js'
import { pullLimitsOf } from './pull/limits.js'
import { Puller } from './pull/puller.js'
import { parseKeepAlive } from './runtime/durations.js'
import { sharedLlama } from './runtime/llama.js'
import { Scheduler } from './scheduler/scheduler.js'
import { ModelStore } from './store/model-store.js'

export type LlmWorkerOverrides = Partial<LlmWorkerDeps> & { port?: number }

/**
 * Builds the worker's dependencies from config. The embedded stack calls this once and passes the result to two
 * `startLlmWorker` calls (one per region), so both regions serve from one loaded model.
 */
export function createLlmWorkerDeps(config: LlmWorkerConfig, overrides: LlmWorkerOverrides = {}): LlmWorkerDeps {
  const log: Logger = overrides.log ?? createLogger({ name: 'llm-worker', level: config.LOG_LEVEL })
  const metrics = overrides.metrics ?? createLlmMetrics()
  const store = overrides.store ?? new ModelStore(modelsDirOf(config))
  const llama =
    overrides.llama ??
    (() => sharedLlama(log, { native: config.LLM_NATIVE_LLAMA === 'auto', poll: config.LLM_THREAD_POLL }))
  const scheduler =
    overrides.scheduler ??
    new Scheduler({
      store,
      llama,
      log,
      metrics,
      threads: config.LLM_THREADS,
      parallel: config.LLM_PARALLEL,
      maxQueue: config.LLM_MAX_QUEUE,
      contextSize: config.LLM_CONTEXT_SIZE,
      keepAliveMs: parseKeepAlive(config.LLM_KEEP_ALIVE),
      maxLoadedModels: config.LLM_MAX_LOADED_MODELS,
      memoryBudgetBytes: config.LLM_MEMORY_BUDGET_MB * 2 ** 20,
    })
  const puller =
    overrides.puller ??
    new Puller({
      store,
      registryUrl: config.LLM_REGISTRY_URL,
      log,
      limits: pullLimitsOf(config),
    })
  return {
    log,
    metrics,
    store,
    llama,
    scheduler,
    puller,
    maxBodyBytes: overrides.maxBodyBytes,
    streamCoalesceMs: config.LLM_STREAM_COALESCE_MS,
  }
}

/** Serves the worker; models it loaded are unloaded on close unless the scheduler was passed in (shared). */
export async function startLlmWorker(
  config: LlmWorkerConfig,
  overrides: LlmWorkerOverrides = {},
): Promise<RunningService> {
  const deps = createLlmWorkerDeps(config, overrides)
  const ownsScheduler = !overrides.scheduler
  return serveApp({
    name: 'llm-worker',
    app: createLlmWorkerApp(deps),
    log: deps.log,
    metrics: deps.metrics,
    port: overrides.port ?? config.LLM_WORKER_PORT,
    host: config.HOST,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    health: () => ({
      loaded_models: deps.scheduler.loaded().map((m) => m.name),
      queue_depth: deps.scheduler.queueDepth,
    }),
    onClose: async () => {
      if (ownsScheduler) await deps.scheduler.close()
    },
  })
}
