import { fileURLToPath } from 'node:url'
import type { Db } from './db.js'
import { loadMigrations, migrate } from './migrate.js'

const DIR = fileURLToPath(new URL('../migrations/conversations/', import.meta.url))

/**
 * Brings the conversations schema up to date (once, at start, under the migration lock), then checks that the
 * stored embedding column has the configured dimension: changing EMBED_DIM after the table exists needs a
 * deliberate migration, and failing here beats failing on every insert.
 */
export async function migrateConversations(db: Db, opts: { embedDim: number }): Promise<string[]> {
  const applied = await migrate(db, loadMigrations(DIR, 'conversations'), { EMBED_DIM: opts.embedDim })
  const [column] = await db.query<{ dim: number }>(
    `SELECT atttypmod AS dim FROM pg_attribute
     WHERE attrelid = 'conversations'::regclass AND attname = 'embedding'`,
  )
  if (column && column.dim !== opts.embedDim) {
    throw new Error(
      `conversations.embedding has dimension ${column.dim} but EMBED_DIM is ${opts.embedDim}; ` +
        'set EMBED_DIM to match or migrate the column',
    )
  }
  return applied
}
