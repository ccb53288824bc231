/** Closed-loop load: `concurrency` callers repeat `call` until `requests` calls finished. */
export type LoadResult = {
  requests: number
  seconds: number
  perSecond: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
}

export async function runLoad(opts: {
  concurrency: number
  requests: number
  call: (i: number) => Promise<unknown>
}): Promise<LoadResult> {
  const latencies: number[] = []
  let next = 0
  const started = performance.now()
  const worker = async () => {
    while (next < opts.requests) {
      const i = next++
      const t = performance.now()
      await opts.call(i)
      latencies.push(performance.now() - t)
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, worker))
  const seconds = (performance.now() - started) / 1000
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

/** Prints one comparison row: the measured figure, its reference from the same run, and their ratio. */
export function printRatio(label: string, measured: number, reference: number, unit: string): void {
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2))
  console.log(
    `${label.padEnd(44)} ${fmt(measured).padStart(9)} ${unit.padEnd(8)} reference ${fmt(reference).padStart(9)} ${unit.padEnd(8)} ratio ${(measured / reference).toFixed(3)}`,
  )
}

/** Prints the p50, p95 and throughput rows of one load comparison (`unit`: what one call is, per second). */
export function printLoadRatios(label: string, measured: LoadResult, reference: LoadResult, unit: string): void {
  printRatio(`${label} p50`, measured.p50Ms, reference.p50Ms, 'ms')
  printRatio(`${label} p95`, measured.p95Ms, reference.p95Ms, 'ms')
  printRatio(`${label} throughput`, measured.perSecond, reference.perSecond, unit)
}
