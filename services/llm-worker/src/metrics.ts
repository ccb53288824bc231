import { createMetrics, type Metrics } from '@parley/core'
import { Counter, Gauge, Histogram } from 'prom-client'

export type LlmMetrics = Metrics & {
  tokensGenerated: Counter<'model'>
  promptTokens: Counter<'model'>
  timeToFirstToken: Histogram<'model'>
  tokensPerSecond: Gauge<'model'>
  queueDepth: Gauge
  activeSequences: Gauge
  loadedModels: Gauge
}

/** The worker's registry: core's HTTP metrics plus token, latency and scheduler figures. */
export function createLlmMetrics(opts: { defaults?: boolean } = {}): LlmMetrics {
  const base = createMetrics('llm-worker', opts)
  const registers = [base.registry]
  return {
    ...base,
    tokensGenerated: new Counter({
      name: 'llm_tokens_generated_total',
      help: 'Tokens generated',
      labelNames: ['model'] as const,
      registers,
    }),
    promptTokens: new Counter({
      name: 'llm_prompt_tokens_total',
      help: 'Prompt tokens evaluated',
      labelNames: ['model'] as const,
      registers,
    }),
    timeToFirstToken: new Histogram({
      name: 'llm_time_to_first_token_seconds',
      help: 'From a request getting its sequence to its first generated token',
      labelNames: ['model'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    tokensPerSecond: new Gauge({
      name: 'llm_tokens_per_second',
      help: 'Generation speed of the last finished request',
      labelNames: ['model'] as const,
      registers,
    }),
    queueDepth: new Gauge({ name: 'llm_queue_depth', help: 'Requests waiting for a sequence', registers }),
    activeSequences: new Gauge({ name: 'llm_active_sequences', help: 'Sequences generating now', registers }),
    loadedModels: new Gauge({ name: 'llm_loaded_models', help: 'Models loaded in memory', registers }),
  }
}
