import type { Clock } from '../clock.js'

/**
 * Counts failures per key (a user, an IP) in a fixed window. Once a key reaches its limit it stays blocked
 * until its window ends. In memory: one identity process serves a pool, and a restart forgiving old failures is fine.
 */
export function failureThrottle(opts: { clock: Clock; windowMs: number }) {
  const windows = new Map<string, { startedAt: number; count: number }>()

  const current = (key: string) => {
    const w = windows.get(key)
    if (!w) return undefined
    if (opts.clock.now() - w.startedAt >= opts.windowMs) {
      windows.delete(key)
      return undefined
    }
    return w
  }

  return {
    /** Seconds until `key` may try again, or 0 when it is not blocked. */
    retryAfter(key: string, limit: number): number {
      const w = current(key)
      if (!w || w.count < limit) return 0
      return Math.ceil((w.startedAt + opts.windowMs - opts.clock.now()) / 1000)
    },
    record(key: string): void {
      const w = current(key)
      if (w) w.count += 1
      else windows.set(key, { startedAt: opts.clock.now(), count: 1 })
      if (windows.size > 100_000) sweep()
    },
    forget(key: string): void {
      windows.delete(key)
    },
  }

  // Bounds memory under a flood of distinct keys: expired windows go first.
  function sweep() {
    for (const key of [...windows.keys()]) current(key)
  }
}

export type FailureThrottle = ReturnType<typeof failureThrottle>
