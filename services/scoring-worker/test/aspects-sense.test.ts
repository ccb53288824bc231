import { type ChatMessage, silentLogger } from '@parley/core'
import { Ollama } from 'ollama'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { RulesLinter } from '../src/rules/harper-linter.js'
import { scoreConversation } from '../src/scoring/score-conversation.js'
import { closedPort } from './helpers.js'

// The whole /score path with the real rules layer (no hand-written findings): the complaints of the issue stay fixed.
let rules: RulesLinter
let ollama: Ollama
beforeAll(async () => {
  rules = await RulesLinter.create()
  ollama = new Ollama({ host: `http://127.0.0.1:${await closedPort()}` })
})
afterAll(() => rules.dispose())

const score = (conversation: ChatMessage[]) =>
  scoreConversation({ conversation }, 1, {
    rules,
    ollama,
    model: 'm',
    embedModel: 'm',
    maxTokens: 8,
    log: silentLogger(),
    scoringModel: { randomWeights: true, parameters: null },
    randomEmbeddings: true,
  })

describe('aspect scores that make sense, end to end', () => {
  test('"I am agree" earns no high vocabulary score and a low grammar score that quotes the learner', async () => {
    const body = await score([
      { role: 'assistant', content: 'Do you think cities should ban cars?' },
      { role: 'user', content: 'I am agree.' },
    ])
    // It was 87 for vocabulary; the rules layer flags "am" (a grammar error), which the grammar score now carries.
    expect(body.aspects.vocabulary.score).toBeLessThanOrEqual(50)
    expect(body.aspects.grammar.score).toBeLessThan(50)
    expect(body.aspects.grammar.justification).toContain('You wrote “am ” (remove it)')
  }, 60_000)

  test('answering the tutor on topic scores higher comprehension and responsiveness than talking past it', async () => {
    const tutor = ['Where do you live?', 'What do you like about your town?']
    const onTopic = await score([
      { role: 'assistant', content: tutor[0]! },
      { role: 'user', content: 'I live in a small town near the sea.' },
      { role: 'assistant', content: tutor[1]! },
      { role: 'user', content: 'I like my town because the sea is near and people are friendly.' },
    ])
    const offTopic = await score([
      { role: 'assistant', content: tutor[0]! },
      { role: 'user', content: 'Sorry, what do you mean?' },
      { role: 'assistant', content: tutor[1]! },
      { role: 'user', content: 'pizza' },
    ])
    expect(onTopic.aspects.comprehension.score).toBeGreaterThan(offTopic.aspects.comprehension.score + 20)
    expect(onTopic.aspects.responsiveness.score).toBeGreaterThan(offTopic.aspects.responsiveness.score + 20)
    expect(onTopic.aspects.comprehension.justification).toContain('2 of 2 tutor questions answered')
  }, 60_000)
})
