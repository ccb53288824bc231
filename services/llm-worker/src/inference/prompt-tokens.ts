import type { Token } from 'node-llama-cpp'
import type { LoadedModel, PromptFit } from '../scheduler/loaded-model.js'
import { type ChatMessage, toHistory } from './generate.js'

/**
 * What a chat request's prompt will be on `model`, rendered with the model's chat template as LlamaChat renders it,
 * so the scheduler can hand the request the sequence that already holds the longest part of it: the tokens, and how
 * many of them come before the first user message's text (the system prompt and the template's header, which other
 * conversations with the same system prompt share). Undefined until the template is resolved (the model's first chat
 * request) and on any error: the scheduler then picks as it would without a prompt; generation is unaffected.
 */
export function chatPromptFit(model: LoadedModel, messages: ChatMessage[] | undefined): PromptFit | undefined {
  const wrapper = model.chatWrapper
  if (!messages || !wrapper) return undefined
  try {
    const render = (ms: ChatMessage[]): Token[] =>
      wrapper.generateContextState({ chatHistory: toHistory(ms) }).contextText.tokenize(model.model.tokenizer)
    const tokens = render(messages)
    const firstUser = messages.findIndex((m) => m.role === 'user')
    if (firstUser < 0) return { tokens, sharedLength: 0 }
    // Rendered again with other text in the first user message: the two agree exactly up to where that text starts.
    const other = [...messages.slice(0, firstUser), { role: 'user' as const, content: '\u0001' }]
    const alt = render(other)
    let shared = 0
    while (shared < tokens.length && shared < alt.length && tokens[shared] === alt[shared]) shared++
    return { tokens, sharedLength: shared }
  } catch {
    return undefined
  }
}
