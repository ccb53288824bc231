/** Milliseconds since some fixed point; injected so that tests can move time for the rate limiter and cooldowns. */
export type Clock = { now(): number }

export const systemClock: Clock = { now: () => performance.timeOrigin + performance.now() }
