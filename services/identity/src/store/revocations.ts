import type { Queryable } from '@parley/db'

/**
 * Revoked auth sessions (by `origin_jti`) whose ID and access tokens may not have expired yet. Verifiers outside
 * this service read them from `GET /<pool id>/revocations` and refuse those tokens.
 */
export function revocationsStore(db: Queryable) {
  return {
    /** Puts sessions on the list until `expiresAt` (revoked_at + the longest token lifetime). */
    async add(originJtis: string[], at: Date, expiresAt: Date): Promise<void> {
      if (originJtis.length === 0) return
      await db.query(
        `INSERT INTO identity_revocations (origin_jti, revoked_at, expires_at)
         SELECT unnest($1::uuid[]), $2, $3 ON CONFLICT (origin_jti) DO NOTHING`,
        [originJtis, at, expiresAt],
      )
    },

    /** Every session still on the list at `now`. */
    async live(now: Date): Promise<string[]> {
      const rows = await db.query<{ origin_jti: string }>(
        'SELECT origin_jti FROM identity_revocations WHERE expires_at > $1 ORDER BY revoked_at',
        [now],
      )
      return rows.map((r) => r.origin_jti)
    },

    async prune(now: Date): Promise<void> {
      await db.query('DELETE FROM identity_revocations WHERE expires_at <= $1', [now])
    },
  }
}

export type RevocationsStore = ReturnType<typeof revocationsStore>
