/**
 * Cost arithmetic for Parley's LLM providers, shared by `parley cost`, `parley simulate`'s export and the web app's
 * admin page (so this file has no runtime imports: the web bundle imports it by its own subpath).
 *
 * - Bedrock: tokens × the model's per-token price.
 * - Self-hosted (`ollama`): what is paid is instance time. A measured run's instance-seconds × the instance's hourly
 *   price is spread over the tokens served in that run, so each token carries its share of the instance's time.
 */

export type Provider = 'ollama' | 'bedrock'

export type TokenPrice = { inputPer1k: number; outputPer1k: number }

export type InstancePrice = {
  hourly: number
  vcpus: number
  memoryGiB: number
  /** The share of each vCPU a burstable instance sustains once its CPU credits are spent (t2: 0.3). */
  baselineCpuShare: number
}

export type PriceTable = {
  currency: string
  /** The date the prices were taken (YYYY-MM-DD). */
  takenOn: string
  source: string
  /** Bedrock model id → on-demand price. */
  bedrock: Record<string, TokenPrice>
  /** EC2 instance type → on-demand price. */
  instances: Record<string, InstancePrice>
  /** The instance type self-hosted llm-workers run on. */
  selfHostedInstance: string
}

/** What one turn (or a sum of turns) used. */
export type TokenUse = { tokensIn: number; tokensOut: number }

/** Bedrock cost of `use` on `model`; undefined when the table has no price for it. */
export function bedrockCost(table: PriceTable, model: string, use: TokenUse): number | undefined {
  const price = table.bedrock[model]
  if (!price) return undefined
  return (use.tokensIn / 1000) * price.inputPer1k + (use.tokensOut / 1000) * price.outputPer1k
}

/**
 * Self-hosted cost per token served in a measured run: `instanceSeconds` of `instance` paid for `tokensServed`
 * tokens (prompt and generated alike: both take the CPU). `slowdown` > 1 when the target instance is slower than the
 * machine measured (it then needs proportionally more instance time for the same tokens).
 */
export function selfHostedCostPerToken(
  table: PriceTable,
  run: { instanceSeconds: number; tokensServed: number },
  opts: { instance?: string; slowdown?: number } = {},
): number {
  const instance = table.instances[opts.instance ?? table.selfHostedInstance]
  if (!instance) throw new Error(`no price for instance type "${opts.instance ?? table.selfHostedInstance}"`)
  if (!(run.tokensServed > 0)) return Number.NaN
  const slowdown = opts.slowdown ?? 1
  return ((run.instanceSeconds * slowdown) / 3600) * (instance.hourly / run.tokensServed)
}

/** One row of a cost report: a provider and model, from measured conversations. */
export type CostRow = {
  provider: Provider
  model: string
  /** How the figure was reached, in words ("measured", "priced from measured tokens", …). */
  basis: string
  conversations: number
  tokensInPerConversation: number
  tokensOutPerConversation: number
  costPerConversation: number
  costPer1000Conversations: number
}

/** Measured conversations of one provider and model: their count, the tokens they used and what they cost. */
export type MeasuredGroup = { provider: Provider; model: string; conversations: number; cost: number } & TokenUse

export function costRow(group: MeasuredGroup, basis: string): CostRow {
  const n = group.conversations
  const per = (x: number) => (n > 0 ? x / n : Number.NaN)
  return {
    provider: group.provider,
    model: group.model,
    basis,
    conversations: n,
    tokensInPerConversation: per(group.tokensIn),
    tokensOutPerConversation: per(group.tokensOut),
    costPerConversation: per(group.cost),
    costPer1000Conversations: per(group.cost) * 1000,
  }
}

/**
 * The same measured conversations priced on every Bedrock model in the table: what the tutor's tokens would cost
 * there. Token counts differ between tokenizers, so this is an estimate (docs/cost.md).
 */
export function bedrockAlternatives(table: PriceTable, measured: TokenUse & { conversations: number }): CostRow[] {
  return Object.keys(table.bedrock)
    .filter((model) => table.bedrock[model]!.outputPer1k > 0)
    .map((model) =>
      costRow(
        {
          provider: 'bedrock',
          model,
          ...measured,
          cost: bedrockCost(table, model, measured)!,
        },
        'priced from measured tokens',
      ),
    )
}
