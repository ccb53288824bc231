import type { TutorDeps } from './tutor-reply.js'

/** One reply's tokens as the pool counted them, and who served them: what the api stores per conversation. */
export type ReplyUsage = {
  provider: 'ollama' | 'bedrock'
  region: string
  model: string
  tokensIn: number
  tokensOut: number
}

/**
 * Counts a finished reply's tokens (the final chunk's prompt_eval_count and eval_count) into
 * `parley_llm_tokens_total` and returns them for storing. A Bedrock model is counted under the id it is billed as.
 */
export async function accountReply(
  deps: Pick<TutorDeps, 'pool' | 'chatMetrics' | 'settings'>,
  model: string,
  counts: { prompt_eval_count?: number; eval_count?: number },
): Promise<ReplyUsage> {
  const facts = await deps.pool.modelFacts(model)
  const usage: ReplyUsage = {
    provider: facts.provider,
    region: deps.settings.region ?? 'local',
    model: facts.providerModel,
    tokensIn: counts.prompt_eval_count ?? 0,
    tokensOut: counts.eval_count ?? 0,
  }
  const labels = { region: usage.region, model: usage.model, provider: usage.provider }
  deps.chatMetrics.tokens.inc({ ...labels, direction: 'in' }, usage.tokensIn)
  deps.chatMetrics.tokens.inc({ ...labels, direction: 'out' }, usage.tokensOut)
  return usage
}
