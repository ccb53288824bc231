import type { Queryable } from '@parley/db'

export type StoredKey = {
  kid: string
  publicJwk: Record<string, unknown>
  privateKeyEnc: string
  createdAt: Date
  retiredAt: Date | null
}

type Row = { kid: string; public_jwk: unknown; private_key_enc: string; created_at: Date; retired_at: Date | null }

const toKey = (r: Row): StoredKey => ({
  kid: r.kid,
  publicJwk: (typeof r.public_jwk === 'string' ? JSON.parse(r.public_jwk) : r.public_jwk) as Record<string, unknown>,
  privateKeyEnc: r.private_key_enc,
  createdAt: new Date(r.created_at),
  retiredAt: r.retired_at ? new Date(r.retired_at) : null,
})

export function signingKeysStore(db: Queryable) {
  return {
    /** Keys still worth publishing: the active one and those retired after `retiredSince`. Newest first. */
    async listPublishable(retiredSince: Date): Promise<StoredKey[]> {
      const rows = await db.query<Row>(
        'SELECT * FROM identity_signing_keys WHERE retired_at IS NULL OR retired_at > $1 ORDER BY created_at DESC',
        [retiredSince],
      )
      return rows.map(toKey)
    },

    async active(): Promise<StoredKey | undefined> {
      const rows = await db.query<Row>(
        'SELECT * FROM identity_signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1',
      )
      return rows[0] ? toKey(rows[0]) : undefined
    },

    /** Retires the active key(s) and inserts the new one, atomically when given a transaction. */
    async replaceActive(key: Omit<StoredKey, 'retiredAt'>): Promise<void> {
      await db.query('UPDATE identity_signing_keys SET retired_at = $1 WHERE retired_at IS NULL', [key.createdAt])
      await db.query(
        'INSERT INTO identity_signing_keys (kid, public_jwk, private_key_enc, created_at) VALUES ($1, $2, $3, $4)',
        [key.kid, JSON.stringify(key.publicJwk), key.privateKeyEnc, key.createdAt],
      )
    },

    /** Deletes keys retired before `before`: no unexpired token can carry their kid any more. */
    async deleteRetiredBefore(before: Date): Promise<number> {
      const rows = await db.query('DELETE FROM identity_signing_keys WHERE retired_at < $1 RETURNING kid', [before])
      return rows.length
    },
  }
}

export type SigningKeysStore = ReturnType<typeof signingKeysStore>
