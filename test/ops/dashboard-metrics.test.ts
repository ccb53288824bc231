// The Grafana dashboard under deploy/ asks only for series the services export: every metric name in a panel's
// PromQL is registered by the gateway, an LLM worker, the chat worker or core's HTTP metrics.
import { readFileSync } from 'node:fs'
import { createMetrics } from '@parley/core'
import { Upstreams } from '@parley/gateway'
import { createLlmMetrics } from '@parley/llm-worker'
import { expect, test } from 'vitest'
import { createChatMetrics } from '../../services/chat-worker/src/metrics.js'
import { systemClock } from '../../services/gateway/src/clock.js'
import { gatewayMetrics } from '../../services/gateway/src/metrics.js'

type Dashboard = { panels: { title: string; targets: { expr: string }[] }[] }
const dashboard = JSON.parse(
  readFileSync(new URL('../../deploy/grafana/parley-dashboard.json', import.meta.url), 'utf8'),
) as Dashboard

async function exportedNames(): Promise<Set<string>> {
  const gateway = createMetrics('gateway')
  const upstreams = new Upstreams(
    {
      api: ['http://127.0.0.1:1'],
      regions: [{ name: 'r1', pools: { llm: ['http://127.0.0.1:2'], chat: [], scoring: [] } }],
    },
    'least-outstanding',
    { ejectAfterFailures: 3, cooldownMs: 1000 },
    systemClock,
  )
  gatewayMetrics(gateway.registry, upstreams)
  const chat = createMetrics('chat-worker')
  createChatMetrics(chat)
  const registries = [gateway.registry, createLlmMetrics().registry, chat.registry]
  const names = new Set<string>()
  for (const r of registries) for (const m of await r.getMetricsAsJSON()) names.add(m.name)
  return names
}

// Parley's own series all start with one of these; PromQL functions and label names never do.
const METRIC = /\b(?:llm|gateway|http|parley)_[a-z0-9_]+\b/g
const base = (name: string) => name.replace(/_(?:bucket|sum|count)$/, '')
const namesIn = (expr: string) => [...expr.matchAll(METRIC)].map((m) => base(m[0]))

test('every metric a dashboard panel uses is exported by a service', async () => {
  const exported = await exportedNames()
  const used = dashboard.panels.flatMap((p) =>
    p.targets.flatMap((t) => namesIn(t.expr).map((name) => ({ panel: p.title, name }))),
  )
  expect(used.length).toBeGreaterThan(10)
  for (const u of used) expect(exported, `${u.panel}: ${u.name}`).toContain(u.name)
  // The admin page's figures each have a panel.
  for (const name of [
    'llm_queue_depth',
    'llm_active_sequences',
    'llm_tokens_per_second',
    'llm_time_to_first_token_seconds',
    'gateway_failovers_total',
    'gateway_ejections_total',
    'gateway_pool_workers',
  ])
    expect(used.map((u) => u.name)).toContain(name)
})

test('a misspelt series in a panel would be caught', async () => {
  const exported = await exportedNames()
  const names = namesIn('histogram_quantile(0.95, sum by (le) (rate(llm_time_to_first_tokens_seconds_bucket[5m])))')
  expect(names).toEqual(['llm_time_to_first_tokens_seconds'])
  expect(exported).not.toContain(names[0])
})
