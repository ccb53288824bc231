/** One sample of the Prometheus text format: `name{label="v",…} value`. */
export type Sample = { name: string; labels: Record<string, string>; value: number }

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g

/** Parses the sample lines of a /metrics answer (comments and malformed lines are skipped). */
export function parsePromText(text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    const m = LINE.exec(line)
    if (!m) continue
    const labels: Record<string, string> = {}
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, '$1')
    const value = Number(m[3])
    if (!Number.isNaN(value)) samples.push({ name: m[1]!, labels, value })
  }
  return samples
}

/** Sum of every sample named `name` (over all label sets), or undefined when none is exported. */
export function sumOf(samples: Sample[], name: string): number | undefined {
  const found = samples.filter((s) => s.name === name)
  return found.length ? found.reduce((a, s) => a + s.value, 0) : undefined
}

/**
 * A quantile from a histogram's cumulative `_bucket` series (summed over label sets), interpolated inside the
 * bucket as Prometheus' histogram_quantile does; undefined with no observations.
 */
export function histogramQuantile(samples: Sample[], name: string, q: number): number | undefined {
  const buckets = new Map<number, number>()
  for (const s of samples) {
    if (s.name !== `${name}_bucket` || s.labels.le === undefined) continue
    const le = s.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels.le)
    buckets.set(le, (buckets.get(le) ?? 0) + s.value)
  }
  const sorted = [...buckets].sort((a, b) => a[0] - b[0])
  const total = sorted.at(-1)?.[1] ?? 0
  if (total === 0) return undefined
  const rank = q * total
  let prevLe = 0
  let prevCount = 0
  for (const [le, count] of sorted) {
    if (count >= rank) {
      if (le === Number.POSITIVE_INFINITY) return prevLe
      return prevLe + ((le - prevLe) * (rank - prevCount)) / Math.max(count - prevCount, 1e-9)
    }
    prevLe = le
    prevCount = count
  }
  return prevLe
}
