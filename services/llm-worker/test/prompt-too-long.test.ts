import { afterAll, beforeAll, expect, test } from 'vitest'
import { startTestLlmWorker, type TestLlmWorker } from '../src/testing.js'

let worker: TestLlmWorker
beforeAll(async () => {
  worker = await startTestLlmWorker({ contextSize: 128 })
})
afterAll(() => worker?.close())

const long = 'hello world '.repeat(400)

test.each([
  ['/api/chat', () => ({ messages: [{ role: 'user', content: long }] })],
  ['/api/generate', () => ({ prompt: long })],
])(
  '%s: a prompt that cannot fit beside an unbounded reply is a 400 naming the context, and the worker keeps serving',
  async (path, body) => {
    const res = await fetch(`${worker.url}${path}`, {
      method: 'POST',
      body: JSON.stringify({ model: worker.model, stream: false, ...body() }),
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({
      code: 'context_length_exceeded',
      error: expect.stringMatching(/context of \d+ tokens/),
    })
    const ok = await fetch(`${worker.url}/api/generate`, {
      method: 'POST',
      body: JSON.stringify({ model: worker.model, prompt: 'hi', stream: false, options: { num_predict: 2 } }),
    })
    expect(ok.status).toBe(200)
  },
)

test('a raw completion keeps the end of an over-long prompt, as Ollama truncates, and answers', async () => {
  const res = await fetch(`${worker.url}/api/generate`, {
    method: 'POST',
    body: JSON.stringify({ model: worker.model, prompt: long, raw: true, stream: false, options: { num_predict: 4 } }),
  })
  expect(res.status).toBe(200)
  expect(await res.json()).toMatchObject({ done: true })
})
