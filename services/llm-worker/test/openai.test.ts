import { afterAll, beforeAll, expect, test } from 'vitest'
import { startTestLlmWorker, type TestLlmWorker } from '../src/testing.js'
import { postJson } from './helpers.js'

let worker: TestLlmWorker
beforeAll(async () => {
  worker = await startTestLlmWorker()
})
afterAll(() => worker?.close())

type Completion = {
  object: string
  choices: { message: { role: string; content: string }; finish_reason: string }[]
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number }
}

test('chat completions without streaming have OpenAI shape and usage', async () => {
  const res = await postJson(`${worker.url}/v1/chat/completions`, {
    model: worker.model,
    messages: [
      { role: 'developer', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Hi!' }] },
    ],
    max_tokens: 7,
  })
  expect(res.status).toBe(200)
  const body = (await res.json()) as Completion
  expect(body.object).toBe('chat.completion')
  expect(body.choices[0]).toMatchObject({ message: { role: 'assistant' }, finish_reason: 'length' })
  expect(body.choices[0]?.message.content.length).toBeGreaterThan(0)
  expect(body.usage.completion_tokens).toBe(7)
  expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + 7)
})

test('chat completions stream as server-sent events ending with [DONE]', async () => {
  const res = await postJson(`${worker.url}/v1/chat/completions`, {
    model: worker.model,
    messages: [{ role: 'user', content: 'Hello' }],
    max_tokens: 5,
    stream: true,
    stream_options: { include_usage: true },
  })
  expect(res.headers.get('content-type')).toContain('text/event-stream')
  const events = (await res.text()).split('\n\n').filter(Boolean)
  expect(events.at(-1)).toBe('data: [DONE]')
  const chunks = events.slice(0, -1).map((e) => JSON.parse(e.replace(/^data: /, '')))
  expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true)
  const last = chunks.at(-1)
  expect(last.choices[0].finish_reason).toBe('length')
  expect(last.usage.completion_tokens).toBe(5)
  expect(
    chunks
      .slice(0, -1)
      .map((c) => c.choices[0].delta.content)
      .join('').length,
  ).toBeGreaterThan(0)
})

test('response_format json_schema output validates', async () => {
  const res = await postJson(`${worker.url}/v1/chat/completions`, {
    model: worker.model,
    messages: [{ role: 'user', content: 'Rate it' }],
    max_tokens: 60,
    response_format: {
      type: 'json_schema',
      json_schema: {
        name: 'rating',
        schema: { type: 'object', properties: { good: { type: 'boolean' } }, required: ['good'] },
      },
    },
  })
  const body = (await res.json()) as Completion
  expect(typeof JSON.parse(body.choices[0]!.message.content).good).toBe('boolean')
})

test('embeddings in float and base64, and the model list', async () => {
  const float = (await (
    await postJson(`${worker.url}/v1/embeddings`, { model: worker.model, input: ['a', 'b'] })
  ).json()) as {
    data: { embedding: number[]; index: number }[]
  }
  expect(float.data.map((d) => d.index)).toEqual([0, 1])
  expect(float.data[0]?.embedding).toHaveLength(64)
  const b64 = (await (
    await postJson(`${worker.url}/v1/embeddings`, { model: worker.model, input: 'a', encoding_format: 'base64' })
  ).json()) as { data: { embedding: string }[] }
  const decoded = new Float32Array(new Uint8Array(Buffer.from(b64.data[0]!.embedding, 'base64')).buffer)
  expect(decoded[0]).toBeCloseTo(float.data[0]!.embedding[0]!, 5)
  const models = (await (await fetch(`${worker.url}/v1/models`)).json()) as { data: { id: string }[] }
  expect(models.data.map((m) => m.id)).toEqual([worker.model])
})

test('errors under /v1 use OpenAI error bodies', async () => {
  const unknown = await postJson(`${worker.url}/v1/chat/completions`, {
    model: 'nope',
    messages: [{ role: 'user', content: 'x' }],
  })
  expect(unknown.status).toBe(404)
  expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/not found/)
  const bad = await postJson(`${worker.url}/v1/chat/completions`, { model: worker.model, messages: [] })
  expect(bad.status).toBe(400)
  expect(((await bad.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error')
  const traversal = await fetch(`${worker.url}/v1/models/..%2F..%2Fetc`)
  expect(traversal.status).toBe(400)
})

test('metrics count tokens and expose TTFT, tokens/s, queue depth, active sequences and loaded models', async () => {
  const text = await (await fetch(`${worker.url}/metrics`)).text()
  for (const name of [
    'llm_tokens_generated_total',
    'llm_prompt_tokens_total',
    'llm_time_to_first_token_seconds_count',
    'llm_tokens_per_second',
    'llm_queue_depth',
    'llm_active_sequences',
    'llm_loaded_models',
  ])
    expect(text).toMatch(new RegExp(`^${name}\\{`, 'm'))
  const generated = /^llm_tokens_generated_total\{[^}]*\} (\d+)/m.exec(text)
  expect(Number(generated?.[1])).toBeGreaterThanOrEqual(12)
})
