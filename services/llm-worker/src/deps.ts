import type { Logger } from '@parley/core'
import type { Llama } from 'node-llama-cpp'
import type { LlmMetrics } from './metrics.js'
import type { Puller } from './pull/puller.js'
import type { Scheduler } from './scheduler/scheduler.js'
import type { ModelStore } from './store/model-store.js'

/** What the LLM worker's app is built from; `startLlmWorker` opens them, the embedded stack may pass shared ones. */
export type LlmWorkerDeps = {
  store: ModelStore
  scheduler: Scheduler
  puller: Puller
  llama: () => Promise<Llama>
  log: Logger
  metrics?: LlmMetrics
  /** Largest accepted request body in bytes. */
  maxBodyBytes?: number
  /** Streamed tokens written within this many ms of the last write go out together (LLM_STREAM_COALESCE_MS). */
  streamCoalesceMs?: number
}
