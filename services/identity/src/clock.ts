/** Time source for expiry and throttling; tests inject one they can move. */
export type Clock = { now(): number }

export const systemClock: Clock = { now: () => Date.now() }
