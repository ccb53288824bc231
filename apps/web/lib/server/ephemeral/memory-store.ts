import type { Clock, EphemeralStore } from './store'

type Entry = { value: string; expiresAt: number }

/**
 * In-process store for the embedded stack (no extra server). Expired entries are never returned, and a sweep
 * removes them so that they are also gone from memory. At most `maxEntries` live at once (oldest to expire go first).
 */
export class MemoryStore implements EphemeralStore {
  private readonly entries = new Map<string, Entry>()
  private readonly timer: NodeJS.Timeout | undefined

  constructor(private readonly opts: { now?: Clock; maxEntries?: number; sweepMs?: number } = {}) {
    const sweepMs = opts.sweepMs ?? 60_000
    if (sweepMs > 0) {
      this.timer = setInterval(() => this.sweep(), sweepMs)
      this.timer.unref()
    }
  }

  private now(): number {
    return (this.opts.now ?? Date.now)()
  }

  /** Removes every expired entry; returns how many went. */
  sweep(): number {
    const now = this.now()
    let removed = 0
    for (const [key, e] of this.entries)
      if (e.expiresAt <= now) {
        this.entries.delete(key)
        removed++
      }
    return removed
  }

  get size(): number {
    return this.entries.size
  }

  async get(key: string): Promise<string | undefined> {
    const e = this.entries.get(key)
    if (!e) return undefined
    if (e.expiresAt <= this.now()) {
      this.entries.delete(key)
      return undefined
    }
    return e.value
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return void this.entries.delete(key)
    this.entries.delete(key)
    const max = this.opts.maxEntries ?? 10_000
    if (this.entries.size >= max) {
      this.sweep()
      while (this.entries.size >= max) {
        let oldest: [string, Entry] | undefined
        for (const kv of this.entries) if (!oldest || kv[1].expiresAt < oldest[1].expiresAt) oldest = kv
        this.entries.delete(oldest![0])
      }
    }
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs })
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key)
  }

  async close(): Promise<void> {
    clearInterval(this.timer)
    this.entries.clear()
  }
}
