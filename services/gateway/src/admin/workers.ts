import type { Registry } from 'prom-client'
import type { Worker } from '../pool.js'
import type { Upstreams } from '../upstreams.js'
import { histogramQuantile, parsePromText, type Sample, sumOf } from './prom-text.js'

export type WorkerReport = {
  url: string
  state: 'usable' | 'unhealthy' | 'ejected'
  inFlight: number
  /** From the worker's own /metrics (LLM workers); absent when it did not answer. */
  queueDepth?: number
  activeSequences?: number
  tokensPerSecond?: number
  ttftP50S?: number
  ttftP95S?: number
  loadedModels?: number
  metricsError?: string
}

export type RegionReport = {
  name: string
  pools: Record<string, { usable: number; total: number; workers: WorkerReport[] }>
  /** Requests this gateway moved from this region to another, and workers it took out, since it started. */
  failoversOut: number
  ejections: number
}

function stateOf(w: Worker, now: number): WorkerReport['state'] {
  if (!w.healthy) return 'unhealthy'
  return w.ejectedUntil > now ? 'ejected' : 'usable'
}

async function scrape(url: string): Promise<Sample[]> {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(3_000) })
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`)
  return parsePromText(await res.text())
}

const round = (n: number | undefined, digits = 3) =>
  n === undefined ? undefined : Math.round(n * 10 ** digits) / 10 ** digits

async function llmFigures(url: string): Promise<Partial<WorkerReport>> {
  try {
    const s = await scrape(url)
    const speeds = s.filter((x) => x.name === 'llm_tokens_per_second').map((x) => x.value)
    return {
      queueDepth: sumOf(s, 'llm_queue_depth'),
      activeSequences: sumOf(s, 'llm_active_sequences'),
      tokensPerSecond: round(speeds.length ? Math.max(...speeds) : undefined, 1),
      ttftP50S: round(histogramQuantile(s, 'llm_time_to_first_token_seconds', 0.5)),
      ttftP95S: round(histogramQuantile(s, 'llm_time_to_first_token_seconds', 0.95)),
      loadedModels: sumOf(s, 'llm_loaded_models'),
    }
  } catch (err) {
    return { metricsError: (err as Error).message }
  }
}

/** Sum of a gateway counter's values whose labels match `where`. */
async function counterSum(
  registry: Registry | undefined,
  name: string,
  where: Record<string, string>,
): Promise<number> {
  const metric = registry?.getSingleMetric(name)
  if (!metric) return 0
  const { values } = await metric.get()
  return values
    .filter((v) => Object.entries(where).every(([k, x]) => (v.labels as Record<string, unknown>)[k] === x))
    .reduce((a, v) => a + v.value, 0)
}

/** Each region's pools and workers: the gateway's view (health, ejection, in flight) and the LLM workers' metrics. */
export async function regionsReport(
  upstreams: Upstreams,
  registry: Registry | undefined,
  now: number,
): Promise<RegionReport[]> {
  return Promise.all(
    upstreams.regionNames.map(async (name) => {
      const pools: RegionReport['pools'] = {}
      for (const kind of ['llm', 'chat', 'scoring'] as const) {
        const pool = upstreams.failoverOrder(name, kind, false)[0]!
        const workers = await Promise.all(
          pool.workers.map(async (w) => ({
            url: w.url,
            state: stateOf(w, now),
            inFlight: w.outstanding,
            ...(kind === 'llm' ? await llmFigures(w.url) : {}),
          })),
        )
        pools[kind] = { usable: workers.filter((w) => w.state === 'usable').length, total: workers.length, workers }
      }
      return {
        name,
        pools,
        failoversOut: await counterSum(registry, 'gateway_failovers_total', { from: name }),
        ejections: await counterSum(registry, 'gateway_ejections_total', { region: name }),
      }
    }),
  )
}
