import type { Queryable } from '@parley/db'

export type RefreshSession = {
  id: string
  sub: string
  secretHash: Buffer
  authTime: Date
  expiresAt: Date
  revokedAt: Date | null
}

type Row = {
  id: string
  sub: string
  secret_hash: Buffer | Uint8Array
  auth_time: Date
  expires_at: Date
  revoked_at: Date | null
}

export function refreshTokensStore(db: Queryable) {
  return {
    async insert(s: Omit<RefreshSession, 'revokedAt'>): Promise<void> {
      await db.query(
        'INSERT INTO identity_refresh_tokens (id, sub, secret_hash, auth_time, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [s.id, s.sub, s.secretHash, s.authTime, s.expiresAt],
      )
    },

    async get(id: string): Promise<RefreshSession | undefined> {
      const rows = await db.query<Row>('SELECT * FROM identity_refresh_tokens WHERE id = $1', [id])
      const r = rows[0]
      if (!r) return undefined
      return {
        id: r.id,
        sub: r.sub,
        secretHash: Buffer.from(r.secret_hash),
        authTime: new Date(r.auth_time),
        expiresAt: new Date(r.expires_at),
        revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
      }
    },

    /** Revokes one session; returns whether it was live until now. */
    async revoke(id: string, at: Date): Promise<boolean> {
      const rows = await db.query(
        'UPDATE identity_refresh_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
        [id, at],
      )
      return rows.length === 1
    },

    /** Revokes every live session of the user (but `except`, the caller's own); returns their ids. */
    async revokeAll(sub: string, at: Date, except?: string): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        `UPDATE identity_refresh_tokens SET revoked_at = $2
         WHERE sub = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid) RETURNING id`,
        [sub, at, except ?? null],
      )
      return rows.map((r) => r.id)
    },

    /** Drops rows that can never be used again, so the table does not grow without bound. */
    async prune(now: Date): Promise<void> {
      await db.query('DELETE FROM identity_refresh_tokens WHERE expires_at < $1', [now])
    },
  }
}

export type RefreshTokensStore = ReturnType<typeof refreshTokensStore>
