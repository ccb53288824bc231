import type { Queryable } from '@parley/db'
import type { Clock } from '../clock.js'

/** A key and how many attempts it may reserve per window. */
export type AttemptLimit = { key: string; limit: number }

/**
 * Attempt counters in the database, in a fixed window per key. `reserve` counts an attempt with one atomic
 * UPSERT ... RETURNING before the caller does any work (an argon2 hash, a code check), so a burst of concurrent
 * requests, or requests spread over several processes sharing the database, cannot all pass a check made before
 * any of them was recorded.
 */
export function attemptsStore(db: Queryable, clock: Clock, windowMs: number) {
  const bounds = () => {
    const now = clock.now()
    return { now, windowStart: new Date(now), staleBefore: new Date(now - windowMs) }
  }

  /** Counts one attempt for `key`; returns the seconds to wait when it went over `limit` (0 when allowed). */
  async function reserveOne({ key, limit }: AttemptLimit): Promise<number> {
    const { now, windowStart, staleBefore } = bounds()
    const [row] = await db.query<{ count: number; window_start: Date }>(
      `INSERT INTO identity_attempts AS a (key, window_start, count) VALUES ($1, $2, 1)
       ON CONFLICT (key) DO UPDATE SET
         window_start = CASE WHEN a.window_start <= $3 THEN EXCLUDED.window_start ELSE a.window_start END,
         count = CASE WHEN a.window_start <= $3 THEN 1 ELSE LEAST(a.count + 1, 1000000) END
       RETURNING count, window_start`,
      [key, windowStart, staleBefore],
    )
    if (!row || row.count <= limit) return 0
    return Math.max(1, Math.ceil((new Date(row.window_start).getTime() + windowMs - now) / 1000))
  }

  return {
    /**
     * Reserves one attempt on every key. When any key is over its limit, the reservations made on the others are
     * given back (a blocked IP must not use up its victims' allowance) and the longest wait is returned.
     */
    async reserve(limits: AttemptLimit[]): Promise<number> {
      const waits = await Promise.all(limits.map(reserveOne))
      const wait = Math.max(0, ...waits)
      if (wait > 0) await Promise.all(limits.filter((_, i) => waits[i] === 0).map((l) => this.release(l.key)))
      return wait
    },

    /** Gives one reserved attempt back (a success that must not count against an IP). */
    async release(key: string): Promise<void> {
      await db.query('UPDATE identity_attempts SET count = count - 1 WHERE key = $1 AND count > 0', [key])
    },

    /** Forgets the key's attempts (a user's own success). */
    async clear(key: string): Promise<void> {
      await db.query('DELETE FROM identity_attempts WHERE key = $1', [key])
    },

    /** Drops windows that have ended. */
    async prune(): Promise<void> {
      await db.query('DELETE FROM identity_attempts WHERE window_start <= $1', [bounds().staleBefore])
    },
  }
}

export type AttemptsStore = ReturnType<typeof attemptsStore>
