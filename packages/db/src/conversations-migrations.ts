import type { Db } from './db.js'
import { type Migration, migrate } from './migrate.js'

/**
 * The conversations schema, versioned. The SQL lives in this module rather than in .sql files read at run time,
 * because the api also runs as a bundled Lambda, where no source tree sits beside the code. Append new versions;
 * never edit an applied one. `{{EMBED_DIM}}` is the embedding dimension (EMBED_DIM, default 768).
 */
export const conversationMigrations: Migration[] = [
  {
    id: 'conversations/0001_conversations',
    sql: `
      CREATE EXTENSION IF NOT EXISTS vector;

      CREATE TABLE conversations (
        id uuid PRIMARY KEY,
        user_id text NOT NULL,
        title text NOT NULL,
        conversation jsonb NOT NULL,
        embedding vector({{EMBED_DIM}}),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );

      -- Newest-first listing and keyset pagination per user; it also narrows the per-user vector search.
      CREATE INDEX conversations_user_updated ON conversations (user_id, updated_at DESC, id DESC);

      -- Approximate nearest neighbours by cosine distance.
      CREATE INDEX conversations_embedding_hnsw ON conversations USING hnsw (embedding vector_cosine_ops);
    `,
  },
  {
    // Ids are the client's (a UUID it picks), so they are unique per user, not across users: with a global key, an
    // upsert of someone else's id had to be refused, and the refusal told the caller that the id exists.
    id: 'conversations/0002_key_per_user',
    sql: `
      ALTER TABLE conversations DROP CONSTRAINT conversations_pkey;
      ALTER TABLE conversations ADD PRIMARY KEY (user_id, id);
    `,
  },
  {
    // LLM tokens per conversation, by who served them (provider, region, model): what cost accounting adds up.
    // Rows go with their conversation (the foreign key), and only a conversation the user owns can get one.
    id: 'conversations/0003_usage',
    sql: `
      CREATE TABLE conversation_usage (
        user_id text NOT NULL,
        conversation_id uuid NOT NULL,
        provider text NOT NULL,
        region text NOT NULL,
        model text NOT NULL,
        calls integer NOT NULL,
        tokens_in bigint NOT NULL,
        tokens_out bigint NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, conversation_id, provider, region, model),
        FOREIGN KEY (user_id, conversation_id) REFERENCES conversations (user_id, id) ON DELETE CASCADE
      );
    `,
  },
]

/**
 * Brings the conversations schema up to date (once, at start, under the migration lock), then checks that the
 * stored embedding column has the configured dimension: changing EMBED_DIM after the table exists needs a
 * deliberate migration, and failing here beats failing on every insert.
 */
export async function migrateConversations(db: Db, opts: { embedDim: number }): Promise<string[]> {
  const applied = await migrate(db, conversationMigrations, { EMBED_DIM: opts.embedDim })
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
