import type { Token } from 'node-llama-cpp'
import type { LoadedModel } from '../scheduler/loaded-model.js'
import { type ChatMessage, toHistory } from './generate.js'

/**
 * A chat request's prompt on `model`, rendered with the model's chat template as LlamaChat renders it, so the
 * scheduler can hand the request the sequence that already holds the longest part of it. Undefined until the template
 * is resolved (the model's first chat request) and on any error: the scheduler then picks as it would without a
 * prompt; generation is unaffected.
 */
export function chatPromptTokens(model: LoadedModel, messages: ChatMessage[] | undefined): Token[] | undefined {
  const wrapper = model.chatWrapper
  if (!messages || !wrapper) return undefined
  try {
    return wrapper
      .generateContextState({ chatHistory: toHistory(messages) })
      .contextText.tokenize(model.model.tokenizer)
  } catch {
    return undefined
  }
}
