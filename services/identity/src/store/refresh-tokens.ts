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

    async revoke(id: string, at: Date): Promise<void> {
      await db.query('UPDATE identity_refresh_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [
        id,
        at,
      ])
    },

    async revokeAll(sub: string, at: Date): Promise<void> {
      await db.query('UPDATE identity_refresh_tokens SET revoked_at = $2 WHERE sub = $1 AND revoked_at IS NULL', [
        sub,
        at,
      ])
    },

    /** Drops rows that can never be used again, so the table does not grow without bound. */
    async prune(now: Date): Promise<void> {
      await db.query('DELETE FROM identity_refresh_tokens WHERE expires_at < $1', [now])
    },
  }
}

export type RefreshTokensStore = ReturnType<typeof refreshTokensStore>
