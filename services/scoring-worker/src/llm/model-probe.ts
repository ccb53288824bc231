import { hasRandomWeights, parameterCount } from '@parley/core'
import type { Ollama } from 'ollama'

/** What /api/show says about a model that decides which LLM work is worth asking it for. */
export type ModelFacts = {
  /** `random_weights`: its text means nothing (`parley model make-test`). */
  randomWeights: boolean
  /** `details.parameter_size` as a number; null when the server does not say. */
  parameters: number | null
}

/** A pool that cannot say counts as a real model of unknown size: the LLM call then runs and degrades if it fails. */
const UNKNOWN: ModelFacts = { randomWeights: false, parameters: null }

/**
 * Asks the pool once per model (then every `ttlMs`) for its facts, so /feedback and /score skip LLM work a model
 * cannot do (random weights; under 1B parameters for the rubric) instead of waiting for it.
 */
export class ModelProbe {
  private readonly known = new Map<string, { facts: ModelFacts; until: number }>()

  constructor(
    private readonly ollama: Ollama,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async facts(model: string): Promise<ModelFacts> {
    const hit = this.known.get(model)
    if (hit && hit.until > this.now()) return hit.facts
    let facts: ModelFacts
    try {
      const show = await this.ollama.show({ model })
      facts = { randomWeights: hasRandomWeights(show), parameters: parameterCount(show) }
    } catch {
      return UNKNOWN
    }
    this.known.set(model, { facts, until: this.now() + this.ttlMs })
    return facts
  }

  async hasRandomWeights(model: string): Promise<boolean> {
    return (await this.facts(model)).randomWeights
  }
}
