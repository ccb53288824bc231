import type { PriceTable, Provider } from '@parley/core'
import type { GatewayClient } from './gateway-client.js'

/** Which provider serves `model` in `region`: asked once per pair, through the gateway, as the learner. */
export type ProviderLookup = (gw: GatewayClient, region: string, model: string) => Promise<Provider>

type Show = { provider?: unknown; details?: { provider?: unknown; family?: unknown } }

/**
 * `/api/show` names the provider when the pool says so (a Bedrock-backed llm-worker does); otherwise a model the
 * price table prices on Bedrock is Bedrock's, and anything else is self-hosted (`ollama`).
 */
export function providerLookup(table: PriceTable): ProviderLookup {
  const known = new Map<string, Promise<Provider>>()
  return (gw, region, model) => {
    const key = `${region}\u0000${model}`
    let found = known.get(key)
    if (!found) {
      found = (async () => {
        // Not a learner's request: it is kept out of the summary's counts.
        const { body } = await gw
          .unrecorded()
          .jsonWithRegion<Show>('POST /api/show', 'POST', `/${region}/api/show`, { model })
        const named = body.provider ?? body.details?.provider
        if (named === 'bedrock' || named === 'ollama') return named
        return model in table.bedrock ? 'bedrock' : 'ollama'
      })()
      known.set(key, found)
    }
    return found
  }
}
