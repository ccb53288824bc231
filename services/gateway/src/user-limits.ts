import { TooManyRequestsError } from '@parley/core'
import type { Clock } from './clock.js'
import { ConcurrencyLimiter } from './concurrency.js'
import { type RateLimit, RateLimiter } from './rate-limiter.js'

export type UserLimitOptions = { rate: RateLimit; maxConcurrentPerUser: number }

/** Both per-user limits behind one call: a token for the request, then a slot until its response has ended. */
export class UserLimits {
  private readonly rate: RateLimiter
  private readonly concurrency: ConcurrencyLimiter

  constructor(opts: UserLimitOptions, clock: Clock) {
    this.rate = new RateLimiter(opts.rate, clock)
    this.concurrency = new ConcurrencyLimiter(opts.maxConcurrentPerUser)
  }

  /** Throws 429 with Retry-After when over either limit; otherwise returns the function that frees the slot. */
  admit(user: string): () => void {
    const waitSeconds = this.rate.take(user)
    if (waitSeconds > 0) throw new TooManyRequestsError('Rate limit reached; slow down', waitSeconds)
    const release = this.concurrency.tryEnter(user)
    if (!release) throw new TooManyRequestsError('Too many requests in flight for this user', 1)
    return release
  }
}
