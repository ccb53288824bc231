import { loadavg } from 'node:os'
import { type LoadResult, runLoad } from './load.js'

/**
 * One side of a comparison: a name and the call that serves request i (run here, `concurrency` at a time), or `run`,
 * which runs a whole closed-loop load of n requests elsewhere (a load generator in another thread) and reports it.
 */
export type Contender = { name: string } & (
  | { call: (i: number) => Promise<unknown>; run?: undefined }
  | { run: (requests: number) => Promise<LoadResult>; call?: undefined }
)

export type RoundsResult = Record<string, LoadResult[]>

/**
 * Runs every contender `rounds` times, interleaved and in a rotating order (A B, B A, …), each round the same
 * closed-loop load. On a shared machine the load from others drifts during a run; rounds side by side see the same
 * drift, and the median of several rounds drops the one a neighbour's burst spoiled.
 */
export async function interleavedRounds(opts: {
  contenders: Contender[]
  rounds: number
  concurrency: number
  requests: number
  warmup: number
  /** Runs before each contender's round (e.g. fresh client sockets). */
  before?: (name: string) => void
}): Promise<RoundsResult> {
  const out: RoundsResult = Object.fromEntries(opts.contenders.map((c) => [c.name, []]))
  const load = (c: Contender, requests: number) =>
    c.run ? c.run(requests) : runLoad({ concurrency: opts.concurrency, requests, call: c.call })
  for (const c of opts.contenders) {
    opts.before?.(c.name)
    await load(c, opts.warmup)
  }
  for (let r = 0; r < opts.rounds; r++) {
    const order = opts.contenders.map((_, k) => opts.contenders[(k + r) % opts.contenders.length]!)
    for (const c of order) {
      opts.before?.(c.name)
      out[c.name]!.push(await load(c, opts.requests))
    }
  }
  return out
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** Per-round ratios of `measured` to `reference` (rounds pair up in time), and their median. */
export function roundRatios(measured: LoadResult[], reference: LoadResult[], pick: (r: LoadResult) => number) {
  const ratios = measured.map((m, i) => pick(m) / pick(reference[i]!))
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), ratios }
}

/** The 1-minute load average, for the report (this machine is shared). */
export const load1 = () => loadavg()[0]!.toFixed(1)
