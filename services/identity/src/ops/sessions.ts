import type { Queryable } from '@parley/db'
import { nowDate, type Pool } from '../pool.js'
import { refreshTokensStore } from '../store/refresh-tokens.js'
import { revocationsStore } from '../store/revocations.js'

/** Until when a session revoked now stays on the revocation list: past the expiry of any token it issued. */
const listedUntil = (pool: Pick<Pool, 'settings'>, now: Date) =>
  new Date(now.getTime() + pool.settings.revocationTtlS * 1000)

/**
 * Ends every session of the user (but `except`): their refresh tokens stop working here, and their ID and access
 * tokens go on the revocation list that the gateway, the api and the web server check. Pass a transaction as `db`
 * to make it part of a larger change.
 */
export async function endSessions(
  pool: Pick<Pool, 'db' | 'clock' | 'settings'>,
  sub: string,
  opts: { except?: string; db?: Queryable } = {},
): Promise<void> {
  const db = opts.db ?? pool.db
  const now = nowDate(pool)
  const ids = await refreshTokensStore(db).revokeAll(sub, now, opts.except)
  await revocationsStore(db).add(ids, now, listedUntil(pool, now))
}

/** Ends one session (a revoked refresh token), with the same effect on its tokens. */
export async function endSession(pool: Pick<Pool, 'db' | 'clock' | 'settings'>, id: string): Promise<void> {
  const now = nowDate(pool)
  await pool.db.transaction(async (tx) => {
    if (await refreshTokensStore(tx).revoke(id, now)) await revocationsStore(tx).add([id], now, listedUntil(pool, now))
  })
}
