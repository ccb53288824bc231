import type { Clock } from './clock.js'

export type RateLimit = {
  /** Tokens added per second. */
  ratePerSecond: number
  /** Bucket size: how many requests may come at once after a quiet spell. */
  burst: number
}

type Bucket = { tokens: number; updatedAt: number }

/** Buckets idle long enough to be full again are forgotten once the map grows past this many users. */
const PRUNE_ABOVE = 10_000

/** A token bucket per user. `take` answers 0 when the request may go, else the seconds until a token is back. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>()

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
  ) {}

  take(user: string): number {
    const now = this.clock.now()
    const bucket = this.refill(this.buckets.get(user) ?? { tokens: this.limit.burst, updatedAt: now }, now)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      this.buckets.set(user, bucket)
      if (this.buckets.size > PRUNE_ABOVE) this.prune(now)
      return 0
    }
    this.buckets.set(user, bucket)
    return (1 - bucket.tokens) / this.limit.ratePerSecond
  }

  private refill(bucket: Bucket, now: number): Bucket {
    const elapsedS = Math.max(0, now - bucket.updatedAt) / 1000
    return { tokens: Math.min(this.limit.burst, bucket.tokens + elapsedS * this.limit.ratePerSecond), updatedAt: now }
  }

  private prune(now: number): void {
    for (const [user, bucket] of this.buckets)
      if (this.refill(bucket, now).tokens >= this.limit.burst) this.buckets.delete(user)
  }
}
