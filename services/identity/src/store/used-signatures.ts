import type { Queryable } from '@parley/db'

/** Admin* signatures already accepted, so that a captured request cannot be sent again within its window. */
export function usedSignaturesStore(db: Queryable) {
  return {
    /** Records the signature; false when it was used before (a replay). Atomic across processes. */
    async claim(signature: string, expiresAt: Date): Promise<boolean> {
      const rows = await db.query(
        `INSERT INTO identity_used_signatures (signature, expires_at) VALUES ($1, $2)
         ON CONFLICT (signature) DO NOTHING RETURNING signature`,
        [signature, expiresAt],
      )
      return rows.length === 1
    },

    async prune(now: Date): Promise<void> {
      await db.query('DELETE FROM identity_used_signatures WHERE expires_at <= $1', [now])
    },
  }
}
