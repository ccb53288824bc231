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
    // It was 87 for vocabulary. Three words say little about vocabulary, so it stays near a typical learner's (the
    // ELLIPSE mean, 55) and says why; the rules layer flags "am" (a grammar error), which the grammar score carries.
    expect(body.aspects.vocabulary.score).toBeLessThanOrEqual(60)
    expect(body.aspects.vocabulary.justification).toContain('With 3 words so far')
    expect(body.aspects.grammar.score).toBeLessThan(50)
    expect(body.aspects.grammar.justification).toContain('You wrote “am ” (remove it)')
  }, 60_000)

  test('one short message is scored near the middle, not at the ends of the scale', async () => {
    // A 12-word message once got Vocabulary 0 and Grammar 0: its shares (no conjunction, no determiner) read as an
    // essay's. Shrunk toward the ELLIPSE mean, every calibrated aspect of a short message stays within reach of 50.
    for (const content of [
      'ok i think it is good idea to go there tomorrow with you',
      'My favourite food is rice with fish, my mother cooks it.',
    ]) {
      const body = await score([
        { role: 'assistant', content: 'What do you want to do this weekend?' },
        { role: 'user', content },
      ])
      for (const aspect of ['grammar', 'vocabulary', 'coherence', 'clarity', 'written_fluency'] as const) {
        expect(body.aspects[aspect].score, `${aspect} of "${content}"`).toBeGreaterThanOrEqual(30)
        expect(body.aspects[aspect].score, `${aspect} of "${content}"`).toBeLessThanOrEqual(70)
      }
    }
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
