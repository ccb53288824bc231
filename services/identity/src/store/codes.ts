import type { Queryable } from '@parley/db'

export type CodePurpose = 'confirm_sign_up' | 'reset_password'

export function codesStore(db: Queryable) {
  return {
    /** Stores the hash of a new code, replacing any earlier one for the same purpose. */
    async put(sub: string, purpose: CodePurpose, codeHash: Buffer, expiresAt: Date): Promise<void> {
      await db.query(
        `INSERT INTO identity_codes (sub, purpose, code_hash, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sub, purpose) DO UPDATE SET code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at`,
        [sub, purpose, codeHash, expiresAt],
      )
    },

    /** With `lock`, the row stays locked until the transaction ends, so that a code can be used only once. */
    async get(
      sub: string,
      purpose: CodePurpose,
      lock = false,
    ): Promise<{ codeHash: Buffer; expiresAt: Date } | undefined> {
      const rows = await db.query<{ code_hash: Uint8Array; expires_at: Date }>(
        `SELECT code_hash, expires_at FROM identity_codes WHERE sub = $1 AND purpose = $2${lock ? ' FOR UPDATE' : ''}`,
        [sub, purpose],
      )
      const r = rows[0]
      return r ? { codeHash: Buffer.from(r.code_hash), expiresAt: new Date(r.expires_at) } : undefined
    },

    async remove(sub: string, purpose: CodePurpose): Promise<void> {
      await db.query('DELETE FROM identity_codes WHERE sub = $1 AND purpose = $2', [sub, purpose])
    },

    async prune(now: Date): Promise<void> {
      await db.query('DELETE FROM identity_codes WHERE expires_at < $1', [now])
    },
  }
}

export type CodesStore = ReturnType<typeof codesStore>
