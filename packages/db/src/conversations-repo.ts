import type { Db, Row } from './db.js'
import { fromVectorLiteral, toVectorLiteral, VectorJson } from './vector.js'

/** One stored conversation as the API returns it (snake_case, as the reference API's rows were). */
export type Conversation = {
  id: string
  user_id: string
  title: string
  conversation: unknown[]
  created_at: string
  updated_at: string
}
/** The embedding stays JSON text (see VectorJson): the API forwards it, and only a caller that needs the numbers parses it. */
export type ConversationWithEmbedding = Conversation & { embedding: VectorJson | null }
export type SearchHit = Conversation & { similarity: number }

/** A listed conversation: its JSON text as PostgreSQL rendered it (a Conversation), and its sort key. */
export type ListedConversation = { id: string; updated_at: string; json: string }

/** Where the previous page ended: the last row's sort key. */
export type ListCursor = { updatedAt: string; id: string }

export type NewConversation = { id: string; title: string; conversation: unknown[]; embedding?: number[] }
export type ConversationPatch = { title?: string; conversation?: unknown[]; embedding?: number[] | null }

// Columns in every answer; the embedding only where one conversation is asked for, since it is large.
const COLUMNS = 'id, user_id, title, conversation, created_at, updated_at'

/** A timestamp as JavaScript's toISOString prints it (UTC, milliseconds, `Z`), so listed and fetched rows agree. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

type StoredRow = Row & Omit<Conversation, 'created_at' | 'updated_at'> & { created_at: Date; updated_at: Date }

function toConversation(row: StoredRow): Conversation {
  return {
    id: row.id,
    user_id: row.user_id,
    title: row.title,
    conversation: row.conversation,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  }
}

/** The answer of GET and PUT: the row's conversation with its embedding added to it (not spread into a copy). */
function withEmbedding(row: StoredRow & { embedding: string | null }): ConversationWithEmbedding {
  const answer = toConversation(row) as ConversationWithEmbedding
  answer.embedding = fromVectorLiteral(row.embedding)
  return answer
}

/** pgvector 0.8.0 added `hnsw.iterative_scan`. */
export function supportsIterativeScan(version: string | undefined): boolean {
  const [major = 0, minor = 0] = (version ?? '').split('.').map(Number)
  return major > 0 || minor >= 8
}

/** `%` and `_` in a title filter are literal characters, not wildcards. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
}

/**
 * Every query is scoped by `user_id`, so a conversation of another user is indistinguishable from a missing one.
 * Timestamps come from the caller's clock (milliseconds), which keeps keyset cursors exact.
 */
export function createConversationRepo(db: Db) {
  let iterative: Promise<boolean> | undefined
  /** Whether the installed pgvector has `hnsw.iterative_scan` (0.8+); asked once, again after a failure. */
  const iterativeScan = () =>
    (iterative ??= db
      .query<{ version: string }>("SELECT extversion AS version FROM pg_extension WHERE extname = 'vector'")
      .then(([row]) => supportsIterativeScan(row?.version))
      .catch((err) => {
        iterative = undefined
        throw err
      }))

  return {
    /** Newest first; `next` is set when another page exists. */
    async list(
      userId: string,
      opts: { limit: number; cursor?: ListCursor; q?: string },
    ): Promise<{ items: ListedConversation[]; next?: ListCursor }> {
      const params: unknown[] = [userId]
      const where = ['user_id = $1']
      if (opts.q) {
        params.push(likePattern(opts.q))
        where.push(`title ILIKE $${params.length} ESCAPE '\\'`)
      }
      if (opts.cursor) {
        params.push(opts.cursor.updatedAt, opts.cursor.id)
        where.push(`(updated_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`)
      }
      params.push(opts.limit + 1)
      // Each row leaves PostgreSQL as JSON text (jsonb and all), which the API joins into its answer: no row is
      // parsed into objects (nor, on the PGlite thread, cloned across threads) only to be printed again.
      const rows = await db.query<ListedConversation>(
        `SELECT r.id, r.updated_at, row_to_json(r)::text AS json FROM (
           SELECT id, user_id, title, conversation, ${iso('created_at')} AS created_at, ${iso('updated_at')} AS updated_at
           FROM conversations WHERE ${where.join(' AND ')}
           ORDER BY conversations.updated_at DESC, conversations.id DESC LIMIT $${params.length}) r
         ORDER BY r.updated_at DESC, r.id DESC`,
        params,
      )
      const items = rows.slice(0, opts.limit)
      const last = items[items.length - 1]
      return rows.length > opts.limit && last ? { items, next: { updatedAt: last.updated_at, id: last.id } } : { items }
    },

    async get(userId: string, id: string): Promise<ConversationWithEmbedding | undefined> {
      const [row] = await db.query<StoredRow & { embedding: string | null }>(
        `SELECT ${COLUMNS}, embedding::text AS embedding FROM conversations WHERE user_id = $1 AND id = $2`,
        [userId, id],
      )
      return row && withEmbedding(row)
    },

    /**
     * Inserts, or replaces the whole conversation when `userId` already has one with this id. Ids are per user, so
     * another user's conversation with the same id is neither touched nor revealed.
     */
    async upsert(
      userId: string,
      input: NewConversation,
      now: Date,
    ): Promise<{ conversation: ConversationWithEmbedding; created: boolean }> {
      // The embedding is not read back: it is the one just written (stored as float4), so it is answered as sent,
      // by the very literal that was sent to the database.
      const vector = input.embedding ? toVectorLiteral(input.embedding) : null
      const [row] = await db.query<StoredRow & { created: boolean }>(
        `INSERT INTO conversations (id, user_id, title, conversation, embedding, created_at, updated_at)
         VALUES ($1, $2, $3, $4::text::jsonb, $5::text::vector, $6, $6)
         ON CONFLICT (user_id, id) DO UPDATE SET
           title = EXCLUDED.title, conversation = EXCLUDED.conversation,
           embedding = EXCLUDED.embedding, updated_at = EXCLUDED.updated_at
         RETURNING ${COLUMNS}, (xmax = 0) AS created`,
        [input.id, userId, input.title, JSON.stringify(input.conversation), vector, now.toISOString()],
      )
      if (!row) throw new Error('upsert returned no row')
      return {
        conversation: { ...toConversation(row), embedding: vector === null ? null : new VectorJson(vector) },
        created: row.created,
      }
    },

    /** Changes only the fields given (`embedding: null` clears it); undefined when no such conversation. */
    async update(
      userId: string,
      id: string,
      patch: ConversationPatch,
      now: Date,
    ): Promise<ConversationWithEmbedding | undefined> {
      const params: unknown[] = [userId, id, now.toISOString()]
      const sets = ['updated_at = $3']
      if (patch.title !== undefined) {
        params.push(patch.title)
        sets.push(`title = $${params.length}`)
      }
      if (patch.conversation !== undefined) {
        params.push(JSON.stringify(patch.conversation))
        sets.push(`conversation = $${params.length}::text::jsonb`)
      }
      if (patch.embedding !== undefined) {
        params.push(patch.embedding && toVectorLiteral(patch.embedding))
        sets.push(`embedding = $${params.length}::text::vector`)
      }
      const [row] = await db.query<StoredRow & { embedding: string | null }>(
        `UPDATE conversations SET ${sets.join(', ')} WHERE user_id = $1 AND id = $2
         RETURNING ${COLUMNS}, embedding::text AS embedding`,
        params,
      )
      return row && withEmbedding(row)
    },

    async delete(userId: string, id: string): Promise<boolean> {
      const rows = await db.query('DELETE FROM conversations WHERE user_id = $1 AND id = $2 RETURNING id', [userId, id])
      return rows.length > 0
    },

    async deleteAll(userId: string): Promise<number> {
      const [row] = await db.query<{ n: number }>(
        'WITH gone AS (DELETE FROM conversations WHERE user_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM gone',
        [userId],
      )
      return row?.n ?? 0
    },

    /**
     * The user's conversations nearest to `embedding` by cosine similarity (1 = same direction). The planner scans
     * the user_id btree for most users, but may pick the HNSW index for a user with many rows; that index filters
     * other users' rows out after the scan. With pgvector's iterative scan (>= 0.8) the scan goes on until `limit`
     * rows are found; `relaxed_order` may yield slightly out of order, hence the final sort. Older pgvector (the
     * pgserver wheel's 0.6.2) would return far fewer rows, even none (seen at 100k rows: the planner chose HNSW for
     * a user owning 2%), so there the distance is computed for each of the user's rows (exact, through the btree).
     */
    async search(userId: string, embedding: number[], limit: number): Promise<SearchHit[]> {
      const params = [userId, toVectorLiteral(embedding), limit]
      // pgvector < 0.8 has no iterative scan and reserves the `hnsw.` prefix, so setting it would fail the search.
      const rows = (await iterativeScan())
        ? await db.transaction(async (tx) => {
            await tx.query("SET LOCAL hnsw.iterative_scan = 'relaxed_order'")
            return tx.query<StoredRow & { similarity: number }>(NEAREST_BY_INDEX, params)
          })
        : await db.query<StoredRow & { similarity: number }>(NEAREST_EXACT, params)
      return rows.map((row) => ({ ...toConversation(row), similarity: Number(row.similarity) }))
    },
  }
}

/** Nearest through whatever the planner picks, HNSW included (needs the iterative scan to be complete). */
const NEAREST_BY_INDEX = `WITH nearest AS MATERIALIZED (
    SELECT ${COLUMNS}, embedding <=> $2::text::vector AS distance
    FROM conversations WHERE user_id = $1 AND embedding IS NOT NULL
    ORDER BY embedding <=> $2::text::vector LIMIT $3)
  SELECT ${COLUMNS}, 1 - distance AS similarity FROM nearest ORDER BY distance, id`

/** Nearest by computing every one of the user's distances: the materialised CTE keeps HNSW out of the plan. */
const NEAREST_EXACT = `WITH mine AS MATERIALIZED (
    SELECT ${COLUMNS}, embedding <=> $2::text::vector AS distance
    FROM conversations WHERE user_id = $1 AND embedding IS NOT NULL)
  SELECT ${COLUMNS}, 1 - distance AS similarity FROM mine ORDER BY distance, id LIMIT $3`

export type ConversationRepo = ReturnType<typeof createConversationRepo>
