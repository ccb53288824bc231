import { bedrockCost, type PriceTable, type Provider, selfHostedCostPerToken } from '@parley/core'

/** One exported turn: a learner line or a tutor reply, with what it cost to produce. */
export type TurnRow = {
  run: string
  learner: string
  persona: string
  first_language: string
  level: string
  scenario: string
  conversation: string
  turn: number
  role: 'learner' | 'tutor'
  region: string
  /** `none` for scripted learner lines (no model wrote them). */
  provider: Provider | 'none'
  model: string
  text: string
  /** learner: `llm`, `template` (the model's line was unusable) or `script`; tutor: `llm`. */
  source: string
  rejected: string
  feedback_issues: number
  feedback: string
  scores: string
  cefr: string
  latency_ms: number | null
  ttft_ms: number | null
  tokens_in: number
  tokens_out: number
  cost_usd: number | null
  goal_met: boolean
  /** On a session's last row: why it stopped (`goal_met`, `max_turns`, `duration`, or the error). */
  ended: string
}

export const TURN_COLUMNS = [
  'run',
  'learner',
  'persona',
  'first_language',
  'level',
  'scenario',
  'conversation',
  'turn',
  'role',
  'region',
  'provider',
  'model',
  'text',
  'source',
  'rejected',
  'feedback_issues',
  'feedback',
  'scores',
  'cefr',
  'latency_ms',
  'ttft_ms',
  'tokens_in',
  'tokens_out',
  'cost_usd',
  'goal_met',
  'ended',
] as const satisfies readonly (keyof TurnRow)[]

/** The run as a whole: what `parley cost` needs besides the turns (the JSONL export's last line). */
export type RunRecord = {
  kind: 'run'
  run: string
  startedAt: string
  wallSeconds: number
  /** Self-hosted llm-worker instances that served the run (their instance time is what it cost). */
  workers: number
  conversations: number
  prices: { takenOn: string; selfHostedInstance: string }
}

/**
 * Fills `cost_usd`: Bedrock rows at the table's per-token price (null for a model it has no price for); self-hosted
 * rows share the run's instance time (wall seconds × workers × the instance's price) in proportion to their tokens.
 */
export function priceRows(rows: TurnRow[], run: Pick<RunRecord, 'wallSeconds' | 'workers'>, table: PriceTable): void {
  const selfHosted = rows.filter((r) => r.provider === 'ollama')
  const served = selfHosted.reduce((sum, r) => sum + r.tokens_in + r.tokens_out, 0)
  const perToken = selfHostedCostPerToken(table, {
    instanceSeconds: run.wallSeconds * run.workers,
    tokensServed: served,
  })
  for (const row of rows) {
    const use = { tokensIn: row.tokens_in, tokensOut: row.tokens_out }
    row.cost_usd =
      row.provider === 'none'
        ? null
        : row.provider === 'bedrock'
          ? (bedrockCost(table, row.model, use) ?? null)
          : Number.isFinite(perToken)
            ? (use.tokensIn + use.tokensOut) * perToken
            : null
  }
}
