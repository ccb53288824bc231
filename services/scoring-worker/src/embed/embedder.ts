import type { ChatMessage } from '@parley/core'
import type { Ollama } from 'ollama'
import { LlmLayerError } from '../llm/json-chat.js'

/** Embeds several texts in one /api/embed call; throws `LlmLayerError` when the pool fails or answers oddly. */
export async function embedTexts(ollama: Ollama, model: string, texts: string[]): Promise<number[][]> {
  let embeddings: number[][]
  try {
    embeddings = (await ollama.embed({ model, input: texts, truncate: true })).embeddings
  } catch (err) {
    // Ollama and a Parley llm-worker answer 404 for a model they do not have.
    const reason = (err as { status_code?: number }).status_code === 404 ? 'unknown_model' : 'unavailable'
    throw new LlmLayerError(reason, `embedding call failed: ${(err as Error).message}`)
  }
  const sameLength = embeddings.every((e) => e.length > 0 && e.length === embeddings[0]?.length)
  if (embeddings.length !== texts.length || !sameLength || embeddings.some((e) => e.some((x) => !Number.isFinite(x)))) {
    throw new LlmLayerError('malformed', 'embedding reply has the wrong shape')
  }
  return embeddings
}

/** The text a conversation is embedded as: one line per turn, labelled by speaker. */
export function conversationText(conversation: ChatMessage[]): string {
  return conversation.map((m) => `${m.role === 'user' ? 'Learner' : 'Tutor'}: ${m.content}`).join('\n')
}
