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

/** The fields of an exported turn (`parley simulate --jsonl`) that the cost report reads. */
export type CostTurn = {
  run: string
  conversation: string
  role: 'learner' | 'tutor'
  provider: Provider | 'none'
  model: string
  tokens_in: number
  tokens_out: number
  cost_usd: number | null
}
/** The run record that ends each export. */
export type CostRun = { run: string; wallSeconds: number; workers: number }

/**
 * Reads a `parley simulate --jsonl` export (several concatenated runs are fine). Throws naming the line for
 * anything that is not a turn or run record with the fields the report needs.
 */
export function parseSimulationJsonl(text: string): { turns: CostTurn[]; runs: CostRun[] } {
  const turns: CostTurn[] = []
  const runs: CostRun[] = []
  const lines = text.split('\n')
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue
    const where = `line ${i + 1}`
    let value: Record<string, unknown>
    try {
      value = JSON.parse(line) as Record<string, unknown>
    } catch {
      throw new Error(`${where}: not JSON`)
    }
    const num = (k: string) => {
      if (typeof value[k] !== 'number' || !Number.isFinite(value[k]) || (value[k] as number) < 0)
        throw new Error(`${where}: ${k} must be a non-negative number`)
      return value[k] as number
    }
    const str = (k: string) => {
      if (typeof value[k] !== 'string') throw new Error(`${where}: ${k} must be a string`)
      return value[k] as string
    }
    if (value?.kind === 'run') runs.push({ run: str('run'), wallSeconds: num('wallSeconds'), workers: num('workers') })
    else if (value?.kind === 'turn') {
      const role = str('role')
      const provider = str('provider')
      if (role !== 'learner' && role !== 'tutor') throw new Error(`${where}: role must be learner or tutor`)
      if (provider !== 'ollama' && provider !== 'bedrock' && provider !== 'none')
        throw new Error(`${where}: provider must be ollama, bedrock or none`)
      turns.push({
        run: str('run'),
        conversation: str('conversation'),
        role,
        provider,
        model: str('model'),
        tokens_in: num('tokens_in'),
        tokens_out: num('tokens_out'),
        cost_usd: value.cost_usd === null ? null : num('cost_usd'),
      })
    } else throw new Error(`${where}: expected kind "turn" or "run"`)
  }
  if (turns.length === 0) throw new Error('no turns: expected the output of parley simulate --jsonl')
  const known = new Set(runs.map((r) => r.run))
  const orphan = turns.find((t) => !known.has(t.run))
  if (orphan) throw new Error(`run ${orphan.run} has turns but no run record (was the export cut short?)`)
  return { turns, runs }
}

/**
 * Cost per 1,000 conversations of the tutor, from measured runs: one row per measured provider and model (the
 * tutor's share of the run's cost, as exported), the self-hosted rows again with the instance at its sustained CPU
 * baseline (a burstable instance out of credits needs 1/baseline the instance time), and the measured tutor tokens
 * priced on each Bedrock model of the table. Learner bots' tokens are the simulation's, not the product's: they
 * are left out (their share of a self-hosted run's instance time was already split off in the export).
 */
export function costReport(table: PriceTable, data: { turns: CostTurn[]; runs: CostRun[] }): CostRow[] {
  const groups = new Map<string, MeasuredGroup & { ids: Set<string> }>()
  for (const t of data.turns) {
    if (t.role !== 'tutor' || t.provider === 'none') continue
    const key = `${t.provider}\u0000${t.model}`
    const g = groups.get(key) ?? {
      provider: t.provider,
      model: t.model,
      conversations: 0,
      tokensIn: 0,
      tokensOut: 0,
      cost: 0,
      ids: new Set<string>(),
    }
    g.ids.add(`${t.run}/${t.conversation}`)
    g.tokensIn += t.tokens_in
    g.tokensOut += t.tokens_out
    g.cost += t.cost_usd ?? 0
    groups.set(key, g)
  }
  const instance = table.instances[table.selfHostedInstance]
  const rows: CostRow[] = []
  let all = { conversations: 0, tokensIn: 0, tokensOut: 0 }
  for (const g of groups.values()) {
    const group = { ...g, conversations: g.ids.size }
    all = {
      conversations: all.conversations + group.conversations,
      tokensIn: all.tokensIn + g.tokensIn,
      tokensOut: all.tokensOut + g.tokensOut,
    }
    if (g.provider === 'bedrock') {
      rows.push(costRow(group, 'measured on Bedrock'))
      continue
    }
    rows.push(costRow(group, `measured here, priced as ${table.selfHostedInstance} time`))
    if (instance && instance.baselineCpuShare < 1)
      rows.push(
        costRow(
          { ...group, cost: g.cost / instance.baselineCpuShare },
          `${table.selfHostedInstance} at its ${Math.round(instance.baselineCpuShare * 100)} % CPU baseline`,
        ),
      )
  }
  if (!rows.some((r) => r.provider === 'bedrock') && all.conversations > 0)
    rows.push(...bedrockAlternatives(table, all))
  return rows
}
