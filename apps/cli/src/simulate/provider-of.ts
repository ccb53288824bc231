import type { PriceTable, Provider } from '@parley/core'
import type { GatewayClient } from './gateway-client.js'

/** Who serves a model: the provider, and the model id it is priced under (a Bedrock id behind an alias). */
export type Served = { provider: Provider; model: string }

/** Which provider serves `model` in `region`: asked once per pair, through the gateway, as the learner. */
export type ProviderLookup = (gw: GatewayClient, region: string, model: string) => Promise<Served>

type Show = { provider?: unknown; details?: { provider?: unknown }; model_info?: Record<string, unknown> }

/**
 * `/api/show` names the provider when the pool is Bedrock-backed (`provider: "bedrock"`, with the Bedrock model id
 * in `model_info["bedrock.model_id"]`); a local llm-worker names none. A model the price table prices on Bedrock
 * counts as Bedrock's too; anything else is self-hosted (`ollama`).
 */
export function providerLookup(table: PriceTable): ProviderLookup {
  const known = new Map<string, Promise<Served>>()
  return (gw, region, model) => {
    const key = `${region}\u0000${model}`
    let found = known.get(key)
    if (!found) {
      found = (async (): Promise<Served> => {
        // Not a learner's request: it is kept out of the summary's counts.
        const { body } = await gw.unrecorded().jsonWithRegion<Show>('POST /api/show', 'POST', `/${region}/api/show`, {
          model,
        })
        const named = body.provider ?? body.details?.provider
        const bedrockId = body.model_info?.['bedrock.model_id']
        if (named === 'bedrock')
          return { provider: 'bedrock', model: typeof bedrockId === 'string' ? bedrockId : model }
        return { provider: model in table.bedrock ? 'bedrock' : 'ollama', model }
      })()
      known.set(key, found)
    }
    return found
  }
}
