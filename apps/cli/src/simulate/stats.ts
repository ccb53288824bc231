/** Nearest-rank percentile (the same definition as bench/lib/load.ts); NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

const latency = (o: Outcome) => o.ms

export type LearnerWait = 'rules' | 'llm' | 'done'

/** `status` is the HTTP status, or 0 when no response came back (network error, broken stream). */
export type Outcome = { endpoint: string; status: number; ms: number; ok: boolean; region?: string | null }

/** Everything the simulation measured; the learners record into one shared instance. */
export class SimStats {
  readonly outcomes: Outcome[] = []
  readonly firstTokenMs: number[] = []
  completionTokens = 0
  generationMs = 0
  /** What a learner waits for after Send, in ms: first rules feedback, LLM feedback, and `done` (Send free again). */
  readonly waits: Record<LearnerWait, number[]> = { rules: [], llm: [], done: [] }

  record(outcome: Outcome): void {
    this.outcomes.push(outcome)
  }

  /** Each tutor reply's stream, with the region that served it (the load report groups by region). */
  readonly streams: StreamOutcome[] = []

  recordStream(firstTokenMs: number | null, completionTokens: number, generationMs: number, region?: string | null) {
    if (firstTokenMs !== null) this.firstTokenMs.push(firstTokenMs)
    this.completionTokens += completionTokens
    this.generationMs += generationMs
    this.streams.push({ region: region ?? '?', firstTokenMs, tokens: completionTokens, generationMs })
  }

  /**
   * Per serving region: time to first token (p50, p95), tokens streamed, and tokens/s two ways: the region's
   * aggregate over the run's wall time (capacity), and each reply's own decode rate (p50, what one learner sees).
   */
  byRegion(wallSeconds: number): RegionLoad[] {
    const regions = new Map<string, StreamOutcome[]>()
    for (const s of this.streams) regions.set(s.region, [...(regions.get(s.region) ?? []), s])
    return [...regions]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([region, list]) => {
        const ttft = list.flatMap((s) => (s.firstTokenMs === null ? [] : [s.firstTokenMs]))
        const tokens = list.reduce((sum, s) => sum + s.tokens, 0)
        const rates = list.flatMap((s) => (s.generationMs > 0 ? [s.tokens / (s.generationMs / 1000)] : []))
        return {
          region,
          replies: list.length,
          ttftP50Ms: percentile(ttft, 50),
          ttftP95Ms: percentile(ttft, 95),
          tokens,
          tokensPerSecond: wallSeconds > 0 ? tokens / wallSeconds : Number.NaN,
          streamTokensPerSecondP50: percentile(rates, 50),
        }
      })
  }

  recordWait(wait: LearnerWait, ms: number): void {
    this.waits[wait].push(ms)
  }

  get failed(): number {
    return this.outcomes.filter((o) => !o.ok).length
  }

  summary(): SimSummary {
    const endpoints = new Map<string, Outcome[]>()
    for (const o of this.outcomes) endpoints.set(o.endpoint, [...(endpoints.get(o.endpoint) ?? []), o])
    const errors: Record<string, number> = {}
    const regions: Record<string, number> = {}
    for (const o of this.outcomes) {
      const status = o.status === 0 ? 'no response' : String(o.status)
      if (!o.ok) errors[status] = (errors[status] ?? 0) + 1
      if (o.region) regions[o.region] = (regions[o.region] ?? 0) + 1
    }
    return {
      endpoints: [...endpoints].map(([endpoint, list]) => ({
        endpoint,
        requests: list.length,
        errors: list.filter((o) => !o.ok).length,
        p50Ms: percentile(list.map(latency), 50),
        p95Ms: percentile(list.map(latency), 95),
      })),
      requests: this.outcomes.length,
      failed: this.failed,
      errorsByStatus: errors,
      firstToken: { p50Ms: percentile(this.firstTokenMs, 50), p95Ms: percentile(this.firstTokenMs, 95) },
      waits: {
        rules: { p50Ms: percentile(this.waits.rules, 50), p95Ms: percentile(this.waits.rules, 95) },
        llm: { p50Ms: percentile(this.waits.llm, 50), p95Ms: percentile(this.waits.llm, 95) },
        done: { p50Ms: percentile(this.waits.done, 50), p95Ms: percentile(this.waits.done, 95) },
      },
      tokensPerSecond: this.generationMs > 0 ? this.completionTokens / (this.generationMs / 1000) : Number.NaN,
      completionTokens: this.completionTokens,
      regions,
    }
  }
}

export type StreamOutcome = { region: string; firstTokenMs: number | null; tokens: number; generationMs: number }

export type RegionLoad = {
  region: string
  replies: number
  ttftP50Ms: number
  ttftP95Ms: number
  tokens: number
  /** The region's tokens over the run's wall time. */
  tokensPerSecond: number
  /** The median reply's own decode rate. */
  streamTokensPerSecondP50: number
}

export type SimSummary = {
  endpoints: { endpoint: string; requests: number; errors: number; p50Ms: number; p95Ms: number }[]
  requests: number
  failed: number
  /** Failed requests by HTTP status (`no response` for network errors and broken streams). */
  errorsByStatus: Record<string, number>
  firstToken: { p50Ms: number; p95Ms: number }
  /** Send → first rules feedback, → LLM feedback, → `done` (Send free again). */
  waits: Record<LearnerWait, { p50Ms: number; p95Ms: number }>
  tokensPerSecond: number
  completionTokens: number
  /** Responses per serving region, from `x-parley-region`. */
  regions: Record<string, number>
}
