import type { RegionLoad, SimSummary } from './stats.js'

const ms = (n: number) => (Number.isNaN(n) ? '-' : `${Math.round(n)} ms`)

/** The final summary as plain text: one row per endpoint, then errors, streaming figures and serving regions. */
export function formatSummary(summary: SimSummary, meta: { learners: number; turns: number; seconds: number }): string {
  const rows = [
    ['endpoint', 'requests', 'errors', 'p50', 'p95'],
    ...summary.endpoints.map((e) => [e.endpoint, String(e.requests), String(e.errors), ms(e.p50Ms), ms(e.p95Ms)]),
  ]
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  const list = (record: Record<string, number>) =>
    Object.entries(record)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ×${v}`)
      .join(', ') || 'none'
  const tps = Number.isNaN(summary.tokensPerSecond) ? '-' : summary.tokensPerSecond.toFixed(1)
  return [
    `\n${meta.learners} learner(s) × ${meta.turns} turn(s) in ${meta.seconds.toFixed(1)} s: ` +
      `${summary.requests} requests, ${summary.failed} failed`,
    '',
    line(rows[0]!),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(1).map(line),
    '',
    `errors by status:   ${list(summary.errorsByStatus)}`,
    `time to 1st token:  p50 ${ms(summary.firstToken.p50Ms)}, p95 ${ms(summary.firstToken.p95Ms)}`,
    `send → rules fb:    p50 ${ms(summary.waits.rules.p50Ms)}, p95 ${ms(summary.waits.rules.p95Ms)}`,
    `send → LLM fb:      p50 ${ms(summary.waits.llm.p50Ms)}, p95 ${ms(summary.waits.llm.p95Ms)}`,
    `send → send again:  p50 ${ms(summary.waits.done.p50Ms)}, p95 ${ms(summary.waits.done.p95Ms)}`,
    `tokens/s:           ${tps} (${summary.completionTokens} tokens streamed)`,
    `served by regions:  ${list(summary.regions)}`,
  ].join('\n')
}

const rate = (n: number) => (Number.isNaN(n) ? '-' : n.toFixed(1))

/** The load generator's table: per serving region, time to first token and tokens/s. */
export function formatRegionLoad(regions: readonly RegionLoad[], seconds: number): string {
  const rows = [
    ['region', 'replies', 'TTFT p50', 'TTFT p95', 'tokens', 'tokens/s (region)', 'tokens/s (reply p50)'],
    ...regions.map((r) => [
      r.region,
      String(r.replies),
      ms(r.ttftP50Ms),
      ms(r.ttftP95Ms),
      String(r.tokens),
      rate(r.tokensPerSecond),
      rate(r.streamTokensPerSecondP50),
    ]),
  ]
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  return [
    `\nload over ${seconds.toFixed(1)} s, by serving region:`,
    line(rows[0]!),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(1).map(line),
  ].join('\n')
}
