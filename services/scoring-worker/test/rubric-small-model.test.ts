import { SCORE_ASPECTS, ScoreResponse } from '@parley/core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { RulesLinter } from '../src/rules/harper-linter.js'
import { chatReply, postJson, scriptedOllama, startWorker } from './helpers.js'

let rules: RulesLinter
beforeAll(async () => {
  rules = await RulesLinter.create()
})
afterAll(async () => {
  await rules.dispose()
})

const conversation = [
  { role: 'assistant', content: 'What did you do at the weekend?' },
  { role: 'user', content: 'I go to the beach with my friends and we swim a lot.' },
]
const rubric = JSON.stringify({
  ...Object.fromEntries(SCORE_ASPECTS.map((a, i) => [a, 40 + 3 * i])),
  cefr: 'A2',
})

/** /score against an Ollama server (third party: scripted) that states `size` in /api/show; counts its chat calls. */
async function scoreWith(size: string | undefined, env: Record<string, string> = {}) {
  let chats = 0
  const ollama = await scriptedOllama((path) => {
    if (path === '/api/show') return { details: size === undefined ? {} : { parameter_size: size }, model_info: {} }
    if (path === '/api/embed') return { error: 'model "m" not found' }
    chats++
    return chatReply(rubric)
  })
  const worker = await startWorker(ollama.url, rules, env)
  try {
    const body = ScoreResponse.parse(await (await postJson(`${worker.url}/score`, { conversation, seed: 1 })).json())
    return { body, chats }
  } finally {
    await worker.close()
    await ollama.close()
  }
}

describe('the /score rubric and the size of the scoring model', () => {
  test('a model under 1B parameters is not asked: skipped, and the answer says why', async () => {
    const { body, chats } = await scoreWith('135M')
    expect(chats).toBe(0)
    expect(body.llm).toBe('skipped_small_model')
    expect(body.rubric).toMatchObject({ status: 'skipped', maxSwing: 0 })
    expect(body.rubric?.reason).toContain('135M')
  })

  test('a model of 1B or more, or of unknown size, is asked', async () => {
    for (const size of ['1.5B', '8B', undefined]) {
      const { body, chats } = await scoreWith(size)
      expect(chats, String(size)).toBe(1)
      expect(body.llm).toBe('used')
      expect(['used', 'rejected']).toContain(body.rubric?.status)
    }
  })

  test('SCORING_RUBRIC_SMALL_MODELS=ask asks a small model all the same (to measure it)', async () => {
    const { body, chats } = await scoreWith('270M', { SCORING_RUBRIC_SMALL_MODELS: 'ask' })
    expect(chats).toBe(1)
    expect(body.llm).toBe('used')
  })
})
