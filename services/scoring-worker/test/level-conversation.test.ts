import { CEFR_LEVELS, type ChatMessage, silentLogger } from '@parley/core'
import { Ollama } from 'ollama'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { RulesLinter } from '../src/rules/harper-linter.js'
import type { LevelHistoryEntry } from '../src/scoring/cefr.js'
import { scoreConversation } from '../src/scoring/score-conversation.js'
import { closedPort } from './helpers.js'

let rules: RulesLinter
let ollama: Ollama
beforeAll(async () => {
  rules = await RulesLinter.create()
  ollama = new Ollama({ host: `http://127.0.0.1:${await closedPort()}` })
})
afterAll(() => rules.dispose())

const simple = [
  'I like football very much.',
  'I play with my friends on Sunday.',
  'My brother play too, he is ten.',
  'We go to the park near my house.',
  'After we eat pizza and drink cola.',
]
const advanced =
  'Although professional football has become an extraordinarily lucrative industry, I would argue that its commercialisation has gradually undermined the sense of community that originally sustained it, because supporters are increasingly treated as consumers rather than participants, which inevitably alienates those whose loyalty was never primarily financial.'

const level = async (learnerTurns: string[], history?: LevelHistoryEntry[]) => {
  const conversation: ChatMessage[] = learnerTurns.flatMap((content) => [
    { role: 'assistant' as const, content: 'Tell me more.' },
    { role: 'user' as const, content },
  ])
  const deps = {
    rules,
    ollama,
    model: 'm',
    embedModel: 'm',
    maxTokens: 8,
    log: silentLogger(),
    scoringModel: { randomWeights: true, parameters: null },
    randomEmbeddings: true,
  }
  return (await scoreConversation({ conversation, ...(history && { history }) }, 1, deps)).cefr
}

describe('the level within a conversation', () => {
  test('one long advanced message does not flip the level of a conversation of simple ones', async () => {
    const before = await level(simple)
    const withOutlier = await level([...simple, advanced])
    const outlierAlone = await level([advanced])
    // The outlier alone reads well above the simple turns, yet adding it leaves the conversation's level where it was.
    expect(CEFR_LEVELS.indexOf(outlierAlone.level)).toBeGreaterThanOrEqual(CEFR_LEVELS.indexOf(before.level) + 2)
    expect(withOutlier.level).toBe(before.level)
  }, 60_000)

  test('the estimate can say A1 and A2', async () => {
    expect((await level(['i am agree', 'my name tom', 'i like dog'])).level).toBe('A1')
    expect(['A1', 'A2']).toContain((await level(simple)).level)
  }, 60_000)

  test('one short message is not sure of its level, and does not flip the level of an established learner', async () => {
    const short = await level(['i like dog'])
    expect(short.confidence).toBeLessThan(0.5)
    const history: LevelHistoryEntry[] = Array.from({ length: 3 }, () => ({ level: 'B2', confidence: 0.6, words: 150 }))
    const withHistory = await level(['i like dog'], history)
    expect(CEFR_LEVELS.indexOf(withHistory.conversationLevel ?? 'C2')).toBeLessThan(CEFR_LEVELS.indexOf('B2'))
    expect(withHistory.level).toBe('B2')
  }, 60_000)
})
