import type { Metrics } from '@parley/core'
import { Counter } from 'prom-client'

export type ChatMetrics = {
  /** Tutor replies by how they ended: completed, filtered (leak stopped), aborted (client left), failed. */
  replies: Counter<'outcome'>
  /** Older-history summaries by who wrote them: llm or extractive. */
  summaries: Counter<'kind'>
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
  }
}
