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
 * Counts a reply's tokens (the final chunk's prompt_eval_count and eval_count, or the estimate for a reply stopped
 * before it) into
 * `parley_llm_tokens_total` and returns them for storing. A Bedrock model is counted under the id it is billed as.
 */
export async function accountReply(
  deps: Pick<TutorDeps, 'pool' | 'chatMetrics' | 'settings'>,
  model: string,
  counts: { tokensIn: number; tokensOut: number },
): Promise<ReplyUsage> {
  const facts = await deps.pool.modelFacts(model)
  const usage: ReplyUsage = {
    provider: facts.provider,
    region: deps.settings.region ?? 'local',
    model: facts.providerModel,
    tokensIn: counts.tokensIn,
    tokensOut: counts.tokensOut,
  }
  const labels = { region: usage.region, model: usage.model, provider: usage.provider }
  deps.chatMetrics.tokens.inc({ ...labels, direction: 'in' }, usage.tokensIn)
  deps.chatMetrics.tokens.inc({ ...labels, direction: 'out' }, usage.tokensOut)
  return usage
}
