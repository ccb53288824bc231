import type { Db, Row } from './db.js'

/** Tokens one provider, region and model served for a conversation. */
export type UsageKey = { provider: string; region: string; model: string }
export type UsageAdd = UsageKey & { tokensIn: number; tokensOut: number }
export type UsageRow = UsageKey & { calls: number; tokensIn: number; tokensOut: number; updatedAt: string }

type Stored = Row &
  UsageKey & { calls: number; tokens_in: string | number; tokens_out: string | number; updated_at: Date }

const toUsage = (r: Stored): UsageRow => ({
  provider: r.provider,
  region: r.region,
  model: r.model,
  calls: Number(r.calls),
  tokensIn: Number(r.tokens_in),
  tokensOut: Number(r.tokens_out),
  updatedAt: new Date(r.updated_at).toISOString(),
})

/**
 * Token accounting per conversation (`conversation_usage`). Every query is scoped by `user_id`; an add for a
 * conversation the user does not have inserts nothing (the row is selected from the user's own conversation).
 */
export function createUsageRepo(db: Db) {
  return {
    /** Adds one call's tokens; undefined when the user has no such conversation. */
    async add(userId: string, conversationId: string, use: UsageAdd, now: Date): Promise<UsageRow | undefined> {
      const [row] = await db.query<Stored>(
        `INSERT INTO conversation_usage
           (user_id, conversation_id, provider, region, model, calls, tokens_in, tokens_out, updated_at)
         SELECT user_id, id, $3, $4, $5, 1, $6, $7, $8 FROM conversations WHERE user_id = $1 AND id = $2
         ON CONFLICT (user_id, conversation_id, provider, region, model) DO UPDATE SET
           calls = conversation_usage.calls + 1,
           tokens_in = conversation_usage.tokens_in + EXCLUDED.tokens_in,
           tokens_out = conversation_usage.tokens_out + EXCLUDED.tokens_out,
           updated_at = EXCLUDED.updated_at
         RETURNING provider, region, model, calls, tokens_in, tokens_out, updated_at`,
        [userId, conversationId, use.provider, use.region, use.model, use.tokensIn, use.tokensOut, now],
      )
      return row && toUsage(row)
    },

    /** The conversation's usage rows, or undefined when the user has no such conversation. */
    async forConversation(userId: string, conversationId: string): Promise<UsageRow[] | undefined> {
      const [owned] = await db.query('SELECT 1 FROM conversations WHERE user_id = $1 AND id = $2', [
        userId,
        conversationId,
      ])
      if (!owned) return undefined
      const rows = await db.query<Stored>(
        `SELECT provider, region, model, calls, tokens_in, tokens_out, updated_at FROM conversation_usage
         WHERE user_id = $1 AND conversation_id = $2 ORDER BY provider, region, model`,
        [userId, conversationId],
      )
      return rows.map(toUsage)
    },

    /** The user's totals over all their conversations, by provider, region and model. */
    async forUser(userId: string): Promise<(UsageRow & { conversations: number })[]> {
      const rows = await db.query<Stored & { conversations: string | number }>(
        `SELECT provider, region, model, count(*) AS conversations, sum(calls) AS calls,
                sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out, max(updated_at) AS updated_at
         FROM conversation_usage WHERE user_id = $1 GROUP BY provider, region, model ORDER BY provider, region, model`,
        [userId],
      )
      return rows.map((r) => ({ ...toUsage(r), conversations: Number(r.conversations) }))
    },
  }
}
export type UsageRepo = ReturnType<typeof createUsageRepo>
