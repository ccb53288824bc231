import type { Learner, Scenario } from '@parley/core'
import type { ChatResponse } from 'ollama'
import type { Generation } from './relay.js'

/** The scenario's own opening line, greeting the learner by name: what a small model opens with instead of its own. */
export function scriptedOpeningLine(learner: Learner, scenario: Scenario): string {
  return `Hi ${learner.name}! ${scenario.openingLine}`
}

/**
 * A finished text streamed like a model's reply (word by word, then a `done` chunk), so that the relay, the leak guard
 * and every client treat a scripted opening exactly as a generated one.
 */
export function scriptedGeneration(text: string, model: string): Generation {
  let aborted = false
  const pieces = text.match(/\S+\s*/g) ?? []
  const at = () => new Date()
  async function* run(): AsyncGenerator<ChatResponse> {
    for (const piece of pieces) {
      if (aborted) return
      yield { model, created_at: at(), message: { role: 'assistant', content: piece }, done: false } as ChatResponse
    }
    yield {
      model,
      created_at: at(),
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 0,
      eval_count: pieces.length,
    } as ChatResponse
  }
  const abort = () => {
    aborted = true
  }
  return Object.assign(run(), { abort })
}
