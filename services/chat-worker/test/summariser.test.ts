import { silentLogger } from '@parley/core'
import { describe, expect, test } from 'vitest'
import { LlmPool } from '../src/llm.js'
import { looksLikeSummary, Summariser } from '../src/summariser.js'
import { deadUrl } from './harness.js'

const turns = [
  { role: 'assistant' as const, content: 'What do you do?' },
  { role: 'user' as const, content: 'I am a nurse in Porto. I work at night.' },
]

describe('Summariser', () => {
  test('falls back to the deterministic summary when the LLM pool cannot be reached', async () => {
    const summariser = new Summariser({
      pool: new LlmPool(await deadUrl()),
      log: silentLogger(),
      tutorName: 'Parley',
      timeoutMs: 10_000,
    })
    const request = { turns, maxTokens: 100, model: 'parley-tiny', numCtx: 2048 }
    const first = await summariser.summarise(request)
    expect(first).toEqual({ kind: 'extractive', text: 'The learner said: "I am a nurse in Porto.".' })
    expect(await summariser.summarise(request)).toEqual(first)
  })
})

describe('looksLikeSummary', () => {
  test('accepts short English prose and rejects empty, tiny or foreign output', () => {
    expect(looksLikeSummary('The learner is a nurse who works at night in Porto.')).toBe(true)
    expect(looksLikeSummary('')).toBe(false)
    expect(looksLikeSummary('nurse Porto')).toBe(false)
    expect(looksLikeSummary('Пользователь работает медсестрой в Порту')).toBe(false)
    expect(looksLikeSummary('zq xv kkp wrrt bnm qqz plk')).toBe(false)
  })
})
