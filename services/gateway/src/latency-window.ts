/** The last N samples of a latency, for the p50 that /regions shows; old samples fall out as new ones arrive. */
export class LatencyWindow {
  private readonly samples: number[] = []
  private next = 0

  constructor(private readonly size = 256) {}

  add(ms: number): void {
    if (this.samples.length < this.size) this.samples.push(ms)
    else this.samples[this.next] = ms
    this.next = (this.next + 1) % this.size
  }

  /** The q-quantile (0..1) of the window, or undefined before any sample. */
  quantile(q: number): number | undefined {
    if (this.samples.length === 0) return undefined
    const sorted = [...this.samples].sort((a, b) => a - b)
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  }
}
