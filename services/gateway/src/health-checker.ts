import type { Logger } from '@parley/core'
import type { Worker } from './pool.js'

export type HealthCheckOptions = { intervalMs: number; timeoutMs: number }

/**
 * Polls GET /healthz on every worker: 2xx marks it healthy, anything else (refused, timeout, 503 while draining)
 * unhealthy. Passive ejection works alongside it, so a dead worker is avoided before the next round too.
 */
export class HealthChecker {
  private timer: NodeJS.Timeout | undefined
  private readonly inFlight = new Set<Worker>()

  constructor(
    private readonly workers: readonly Worker[],
    private readonly opts: HealthCheckOptions,
    private readonly log: Logger,
  ) {}

  /** Runs a first round now, then one every interval; resolves once the first round is done. */
  async start(): Promise<void> {
    if (this.opts.intervalMs <= 0) return
    this.timer = setInterval(() => void this.checkAll(), this.opts.intervalMs)
    this.timer.unref()
    await this.checkAll()
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }

  async checkAll(): Promise<void> {
    await Promise.all(this.workers.map((w) => this.check(w)))
  }

  private async check(worker: Worker): Promise<void> {
    if (this.inFlight.has(worker)) return
    this.inFlight.add(worker)
    try {
      const res = await fetch(`${worker.url}/healthz`, { signal: AbortSignal.timeout(this.opts.timeoutMs) })
      const body = (await res.json().catch(() => undefined)) as { queue_depth?: unknown } | undefined
      // LLM workers report the requests waiting for a sequence; /regions sums them per pool.
      worker.reportedQueueDepth = typeof body?.queue_depth === 'number' ? body.queue_depth : 0
      this.mark(worker, res.ok, res.ok ? undefined : `status ${res.status}`)
    } catch (err) {
      this.mark(worker, false, (err as Error).message)
    } finally {
      this.inFlight.delete(worker)
    }
  }

  private mark(worker: Worker, healthy: boolean, reason?: string): void {
    if (worker.healthy !== healthy) {
      if (healthy) this.log.info({ worker: worker.url }, 'worker healthy again')
      else this.log.warn({ worker: worker.url, reason }, 'worker failed its health check')
    }
    worker.healthy = healthy
  }
}
