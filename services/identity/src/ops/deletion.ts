import { createConversationRepo } from '@parley/db'
import type { Pool } from '../pool.js'
import { usersStore } from '../store/users.js'
import { endSessions } from './sessions.js'

/**
 * Deletes a user for good (DeleteUser, AdminDeleteUser): their conversations in the api's table (identity and the
 * api share one PostgreSQL; the table is absent when identity runs on a database of its own), then the account,
 * its groups, codes and sessions, whose tokens go on the revocation list. Conversations go first: a failure then
 * leaves an account that can retry the deletion, never orphaned conversations.
 */
export async function deleteUserAndData(pool: Pick<Pool, 'db' | 'clock' | 'settings'>, sub: string): Promise<void> {
  const [table] = await pool.db.query<{ t: string | null }>("SELECT to_regclass('conversations')::text AS t")
  if (table?.t) await createConversationRepo(pool.db).deleteAll(sub)
  await pool.db.transaction(async (tx) => {
    await endSessions(pool, sub, { db: tx })
    await usersStore(tx).remove(sub)
  })
}
