/** Counts each user's requests in flight (a stream counts until its last byte) against a cap. */
export class ConcurrencyLimiter {
  private readonly inFlight = new Map<string, number>()

  constructor(private readonly maxPerUser: number) {}

  /** Returns a release function, or undefined when the user is at the cap. */
  tryEnter(user: string): (() => void) | undefined {
    const current = this.inFlight.get(user) ?? 0
    if (current >= this.maxPerUser) return undefined
    this.inFlight.set(user, current + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.inFlight.get(user) ?? 1) - 1
      if (left <= 0) this.inFlight.delete(user)
      else this.inFlight.set(user, left)
    }
  }
}
