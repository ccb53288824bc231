/**
 * Short-lived state with a time to live: temporary chats are kept here and nowhere else, and are gone (from memory
 * or from Redis) once their TTL has passed. Values are opaque strings; callers serialise.
 */
export interface EphemeralStore {
  get(key: string): Promise<string | undefined>
  /** Stores `value` for `ttlMs` from now, replacing any value (and TTL) already there. */
  set(key: string, value: string, ttlMs: number): Promise<void>
  delete(key: string): Promise<void>
  close(): Promise<void>
}

/** Milliseconds since the epoch; injected in tests to move time without waiting. */
export type Clock = () => number
