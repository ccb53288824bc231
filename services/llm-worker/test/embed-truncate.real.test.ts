import { Ollama } from 'ollama'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { realModelsDir, startRealLlmWorker, type TestLlmWorker } from '../src/testing.js'
import { postJson } from './helpers.js'

// Real weights (npm run models:real); a 256-token context so that a long conversation does not fit.
describe.skipIf(!realModelsDir())('embeddings on SmolLM2 honour truncate', () => {
  let worker: TestLlmWorker
  let ollama: Ollama
  beforeAll(async () => {
    worker = await startRealLlmWorker({ contextSize: 256 })
    ollama = new Ollama({ host: worker.url })
  })
  afterAll(() => worker?.close())

  const longConversation = Array.from(
    { length: 24 },
    (_, i) =>
      `${i % 2 ? 'Tutor' : 'Learner'}: turn ${i}, we talked about trains, tickets and the weather in Lisbon today.`,
  ).join('\n')

  test('an input past the context is embedded from its first tokens by default', async () => {
    const res = await ollama.embed({ model: worker.model, input: [longConversation, 'a short one'] })
    expect(res.embeddings).toHaveLength(2)
    expect(res.embeddings[0]!.length).toBeGreaterThan(100)
    expect(res.embeddings[0]!.every(Number.isFinite)).toBe(true)
    expect(res.prompt_eval_count).toBeLessThanOrEqual(2 * 256)
  })

  test('truncate: false answers 400 naming the context length, as Ollama does', async () => {
    const res = await postJson(`${worker.url}/api/embed`, {
      model: worker.model,
      input: longConversation,
      truncate: false,
    })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: string; code: string }
    expect(body.code).toBe('context_length_exceeded')
    expect(body.error).toMatch(/longer than the context length of \d+ tokens/)
  })

  test('the legacy /api/embeddings truncates too, and refuses with truncate: false', async () => {
    const ok = await ollama.embeddings({ model: worker.model, prompt: longConversation })
    expect(ok.embedding.length).toBeGreaterThan(100)
    const refused = await postJson(`${worker.url}/api/embeddings`, {
      model: worker.model,
      prompt: longConversation,
      truncate: false,
    })
    expect(refused.status).toBe(400)
  })

  test('related texts embed closer than unrelated ones', async () => {
    const { embeddings } = await ollama.embed({
      model: worker.model,
      input: ['I bought a train ticket to Lisbon.', 'She booked a rail ticket to Porto.', 'Photosynthesis in leaves.'],
    })
    const [a, b, c] = embeddings as [number[], number[], number[]]
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0)
    expect(dot(a, b)).toBeGreaterThan(dot(a, c))
  })
})
