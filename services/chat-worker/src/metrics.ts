import type { Metrics } from '@parley/core'
import { Counter } from 'prom-client'

export type ChatMetrics = {
  /** Tutor replies by how they ended: completed, filtered (leak stopped), aborted (client left), failed. */
  replies: Counter<'outcome'>
  /** Older-history summaries by who wrote them: llm or extractive. */
  summaries: Counter<'kind'>
  /**
   * LLM tokens of tutor replies, as the pool's final chunk counts them, by region, model, provider and direction
   * (`in` prompt, `out` generated). Per user they are stored with the conversation (api usage), not labelled here:
   * a label per user would grow the series without bound.
   */
  tokens: Counter<'region' | 'model' | 'provider' | 'direction'>
}

export function createChatMetrics(metrics: Metrics): ChatMetrics {
  return {
    replies: new Counter({
      name: 'parley_tutor_replies_total',
      help: 'Tutor replies streamed, by outcome',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    }),
    summaries: new Counter({
      name: 'parley_tutor_summaries_total',
      help: 'Summaries of older conversation turns, by who wrote them',
      labelNames: ['kind'] as const,
      registers: [metrics.registry],
    }),
    tokens: new Counter({
      name: 'parley_llm_tokens_total',
      help: 'LLM tokens of tutor replies, by region, model, provider and direction (in, out)',
      labelNames: ['region', 'model', 'provider', 'direction'] as const,
      registers: [metrics.registry],
    }),
  }
}
