import { BadRequestError } from '@parley/core'
import type { Token } from 'node-llama-cpp'
import type { Lease } from '../scheduler/scheduler.js'

export type EmbedResult = { vectors: number[][]; promptTokens: number; truncated: number }

/**
 * Embeds each input with the model's embedding context (pooled by llama.cpp), one after another. An input longer
 * than the context is cut to its first tokens when `truncate` is on (Ollama's default), and is a 400 otherwise.
 */
export async function embed(lease: Lease, inputs: string[], normalize: boolean, truncate = true): Promise<EmbedResult> {
  let promptTokens = 0
  let truncated = 0
  const vectors = await lease.model.withEmbedding(async (ctx) => {
    const out: number[][] = []
    // llama.cpp adds BOS/EOS around the input and needs one slot free: what is left of the context for the text.
    const room = lease.model.contextSize - 1 - (ctx.calculateInputLength([]) || 0)
    for (const [index, text] of inputs.entries()) {
      let tokens: Token[] = lease.model.model.tokenize(text)
      if (tokens.length > room) {
        if (!truncate)
          throw new BadRequestError(
            `input ${index} is ${tokens.length} tokens, longer than the context length of ${room} tokens; ` +
              'send "truncate": true to embed its first tokens, or a shorter input',
            'context_length_exceeded',
          )
        tokens = tokens.slice(0, room)
        truncated++
      }
      promptTokens += tokens.length
      const { vector } = await ctx.getEmbeddingFor(tokens)
      out.push(normalize ? l2Normalize(vector) : [...vector])
    }
    return out
  })
  return { vectors, promptTokens, truncated }
}

function l2Normalize(v: readonly number[]): number[] {
  const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0))
  return norm > 0 ? v.map((x) => x / norm) : [...v]
}
