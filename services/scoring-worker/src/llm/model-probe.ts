import { hasRandomWeights } from '@parley/core'
import type { Ollama } from 'ollama'

/**
 * Asks the pool once per model (then every `ttlMs`) whether it has random weights (`random_weights` in /api/show),
 * so /feedback and /score skip LLM work such a model cannot do instead of waiting for it. A pool that cannot say
 * (down, or a plain Ollama) counts as real weights: the LLM call then runs and degrades as usual if it fails.
 */
export class RandomWeightsProbe {
  private readonly known = new Map<string, { random: boolean; until: number }>()

  constructor(
    private readonly ollama: Ollama,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async has(model: string): Promise<boolean> {
    const hit = this.known.get(model)
    if (hit && hit.until > this.now()) return hit.random
    let random = false
    try {
      random = hasRandomWeights(await this.ollama.show({ model }))
    } catch {
      return false
    }
    this.known.set(model, { random, until: this.now() + this.ttlMs })
    return random
  }
}
