import type { Lease } from '../scheduler/scheduler.js'

export type EmbedResult = { vectors: number[][]; promptTokens: number }

/** Embeds each input with the model's embedding context (pooled by llama.cpp), one after another. */
export async function embed(lease: Lease, inputs: string[], normalize: boolean): Promise<EmbedResult> {
  let promptTokens = 0
  const vectors = await lease.model.withEmbedding(async (ctx) => {
    const out: number[][] = []
    for (const text of inputs) {
      promptTokens += lease.model.model.tokenize(text).length
      const { vector } = await ctx.getEmbeddingFor(text)
      out.push(normalize ? l2Normalize(vector) : [...vector])
    }
    return out
  })
  return { vectors, promptTokens }
}

function l2Normalize(v: readonly number[]): number[] {
  const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0))
  return norm > 0 ? v.map((x) => x / norm) : [...v]
}
