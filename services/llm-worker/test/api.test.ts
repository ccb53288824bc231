import { Ollama } from 'ollama'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startTestLlmWorker, type TestLlmWorker } from '../src/testing.js'
import { postJson, readNdjson } from './helpers.js'

let worker: TestLlmWorker
let ollama: Ollama

beforeAll(async () => {
  worker = await startTestLlmWorker()
  ollama = new Ollama({ host: worker.url })
})
afterAll(() => worker?.close())

const STATS = [
  'total_duration',
  'load_duration',
  'prompt_eval_count',
  'prompt_eval_duration',
  'eval_count',
  'eval_duration',
]

describe('generation', () => {
  test('chat without streaming returns text and Ollama statistics', async () => {
    const res = await ollama.chat({
      model: worker.model,
      messages: [{ role: 'user', content: 'Hello, how are you?' }],
      options: { num_predict: 12, seed: 3 },
    })
    expect(res.done).toBe(true)
    expect(res.done_reason).toBe('length')
    expect(res.message.role).toBe('assistant')
    expect(res.message.content.length).toBeGreaterThan(0)
    expect(res.eval_count).toBe(12)
    expect(res.prompt_eval_count).toBeGreaterThan(0)
    for (const key of STATS) expect(res).toHaveProperty(key)
  })

  test('chat streams NDJSON chunks and ends with a done chunk carrying the statistics', async () => {
    const res = await postJson(`${worker.url}/api/chat`, {
      model: worker.model,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Tell me about London.' },
      ],
      options: { num_predict: 8 },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/x-ndjson')
    const chunks = await readNdjson(res)
    const last = chunks.at(-1)!
    expect(chunks.length).toBeGreaterThan(2)
    expect(chunks.slice(0, -1).every((c) => c.done === false)).toBe(true)
    expect(last.done).toBe(true)
    expect(last.eval_count).toBe(8)
    for (const key of STATS) expect(typeof last[key]).toBe('number')
    const text = chunks.map((c) => (c.message as { content: string }).content).join('')
    expect(text.length).toBeGreaterThan(0)
  })

  test('generate streams and answers stream:false with one object; a fixed seed repeats itself', async () => {
    const streamed = await ollama.generate({
      model: worker.model,
      prompt: 'Once upon a time',
      stream: true,
      options: { num_predict: 6 },
    })
    let text = ''
    let final: { done: boolean; eval_count: number } | undefined
    for await (const part of streamed) {
      text += part.response
      if (part.done) final = part
    }
    expect(text.length).toBeGreaterThan(0)
    expect(final?.eval_count).toBe(6)

    const ask = () =>
      ollama.generate({
        model: worker.model,
        prompt: 'Say something',
        system: 'You are kind.',
        options: { num_predict: 10, seed: 42, temperature: 0.9 },
      })
    const [a, b] = [(await ask()).response as string, (await ask()).response as string]
    expect(a).toBe(b)
    expect(a.length).toBeGreaterThan(0)
  })

  test('raw generate bypasses the template; stop strings end the output', async () => {
    const raw = await ollama.generate({ model: worker.model, prompt: 'abc', raw: true, options: { num_predict: 5 } })
    expect(raw.done).toBe(true)
    const full = await ollama.generate({
      model: worker.model,
      prompt: 'hi',
      options: { num_predict: 20, seed: 1, temperature: 0 },
    })
    const fullText = full.response as string
    const stopAt = fullText.slice(3, 5)
    const stopped = await ollama.generate({
      model: worker.model,
      prompt: 'hi',
      options: { num_predict: 20, seed: 1, temperature: 0, stop: [stopAt] },
    })
    expect(stopped.done_reason).toBe('stop')
    expect(stopped.response).not.toContain(stopAt)
    expect(fullText.startsWith(stopped.response as string)).toBe(true)
  })

  test('format json and a JSON schema produce output that parses and validates', async () => {
    const schema = {
      type: 'object',
      properties: {
        mood: { type: 'string', enum: ['happy', 'sad'] },
        level: { type: 'string', enum: ['A1', 'B2', 'C1'] },
        ok: { type: 'boolean' },
      },
      required: ['mood', 'level', 'ok'],
    }
    for (const seed of [1, 2, 3]) {
      const res = await ollama.chat({
        model: worker.model,
        messages: [{ role: 'user', content: 'Describe your mood as JSON' }],
        format: schema,
        options: { num_predict: 64, seed },
      })
      const parsed = JSON.parse(res.message.content)
      expect(['happy', 'sad']).toContain(parsed.mood)
      expect(['A1', 'B2', 'C1']).toContain(parsed.level)
      expect(typeof parsed.ok).toBe('boolean')
    }
    const streamed = await postJson(`${worker.url}/api/generate`, {
      model: worker.model,
      prompt: 'json',
      format: schema,
      options: { num_predict: 64 },
    })
    const chunks = await readNdjson(streamed)
    expect(chunks.at(-1)?.done).toBe(true)
    const json = JSON.parse(chunks.map((c) => c.response).join(''))
    expect(Object.keys(json).sort()).toEqual(['level', 'mood', 'ok'])
  })

  test('a format the output cannot meet within num_predict is an error, not invalid JSON', async () => {
    const res = await postJson(`${worker.url}/api/chat`, {
      model: worker.model,
      messages: [{ role: 'user', content: 'x' }],
      format: { type: 'object', properties: { text: { type: 'string', minLength: 50 } }, required: ['text'] },
      options: { num_predict: 3 },
      stream: false,
    })
    expect(res.status).toBe(422)
    expect(((await res.json()) as { error: string }).error).toMatch(/format/)
  })
})

describe('embeddings', () => {
  test('/api/embed takes a string or an array and returns normalized vectors', async () => {
    const one = await ollama.embed({ model: worker.model, input: 'hello world' })
    expect(one.embeddings).toHaveLength(1)
    const many = await ollama.embed({ model: worker.model, input: ['hello world', 'good morning'] })
    expect(many.embeddings).toHaveLength(2)
    const [a, b] = many.embeddings as [number[], number[]]
    expect(a.length).toBe(64)
    expect(a).toEqual(one.embeddings[0])
    expect(a).not.toEqual(b)
    expect(Math.hypot(...a)).toBeCloseTo(1, 5)
  })

  test('legacy /api/embeddings returns one embedding', async () => {
    const res = await ollama.embeddings({ model: worker.model, prompt: 'hello world' })
    expect(res.embedding).toHaveLength(64)
  })
})

describe('catalogue', () => {
  test('tags, show, ps and version describe the model and say its weights are random', async () => {
    const tags = await ollama.list()
    expect(tags.models.map((m) => m.name)).toEqual([worker.model])
    expect(tags.models[0]?.details.family).toBe('llama')
    const show = (await ollama.show({ model: worker.model })) as unknown as Record<string, unknown>
    expect(show.random_weights).toBe(true)
    expect(String(show.warning)).toMatch(/random weights/)
    expect(String(show.template)).toContain('<|im_start|>')
    expect((show.model_info as Record<string, unknown>)['general.architecture']).toBe('llama')
    await ollama.generate({ model: worker.model, prompt: '', keep_alive: '1m' })
    const ps = await ollama.ps()
    expect(ps.models.map((m) => m.name)).toContain(worker.model)
    expect((await ollama.version()).version).toBeTruthy()
    expect(await (await fetch(worker.url)).text()).toBe('Ollama is running')
  })

  test('keep_alive 0 with an empty prompt unloads the model', async () => {
    await ollama.generate({ model: worker.model, prompt: '' })
    const res = await ollama.generate({ model: worker.model, prompt: '', keep_alive: 0 })
    expect(res.done_reason).toBe('unload')
    expect((await ollama.ps()).models).toHaveLength(0)
  })

  test('copy then delete a model; the copy shares blobs and deleting it leaves the original', async () => {
    await ollama.copy({ source: worker.model, destination: 'copy-of-tiny:v1' })
    expect((await ollama.list()).models.map((m) => m.name).sort()).toEqual(['copy-of-tiny:v1', worker.model].sort())
    await ollama.delete({ model: 'copy-of-tiny:v1' })
    expect((await ollama.list()).models.map((m) => m.name)).toEqual([worker.model])
    const again = await ollama.chat({
      model: worker.model,
      messages: [{ role: 'user', content: 'still here?' }],
      options: { num_predict: 2 },
    })
    expect(again.done).toBe(true)
  })
})

describe('bad input gets a clear 4xx and changes nothing', () => {
  const cases: [string, string, unknown, number][] = [
    ['malformed JSON', '/api/chat', '{"model":', 400],
    ['wrong types', '/api/chat', { model: 5, messages: 'hi' }, 400],
    ['missing model', '/api/generate', { prompt: 'hi' }, 400],
    ['unknown role', '/api/chat', { model: 'parley-tiny', messages: [{ role: 'robot', content: 'x' }] }, 400],
    ['bad option type', '/api/generate', { model: 'parley-tiny', prompt: 'x', options: { temperature: 'hot' } }, 400],
    ['bad keep_alive', '/api/generate', { model: 'parley-tiny', prompt: 'x', keep_alive: 'soon' }, 400],
    ['unknown model', '/api/chat', { model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }, 404],
    ['unknown model for embed', '/api/embed', { model: 'no-such-model', input: 'x' }, 404],
    ['traversal name', '/api/show', { model: '../../../etc/passwd' }, 400],
    ['absolute name', '/api/chat', { model: '/etc/passwd', messages: [{ role: 'user', content: 'x' }] }, 400],
    ['odd characters', '/api/show', { model: 'a b;rm -rf' }, 400],
    ['encoded traversal', '/api/show', { model: '..%2F..%2Fx' }, 400],
    ['traversal copy', '/api/copy', { source: 'parley-tiny', destination: '../../x:y' }, 400],
    ['tools', '/api/chat', { model: 'parley-tiny', messages: [], tools: [{}] }, 400],
    ['bad schema', '/api/generate', { model: 'parley-tiny', prompt: 'x', format: { type: 'nonsense-type' } }, 400],
  ]
  test.each(cases)('%s', async (_label, path, body, status) => {
    const res = await postJson(`${worker.url}${path}`, body)
    expect(res.status).toBe(status)
    const json = (await res.json()) as Record<string, unknown>
    expect(json.status).toBe('error')
    expect(typeof json.error).toBe('string')
    expect(JSON.stringify(json)).not.toMatch(/at .*\.ts:\d+/)
  })

  test('oversized bodies get 413', async () => {
    const res = await postJson(`${worker.url}/api/generate`, { model: 'parley-tiny', prompt: 'x'.repeat(9 * 2 ** 20) })
    expect(res.status).toBe(413)
  })

  test('delete of an unknown or traversal name changes nothing', async () => {
    const before = (await ollama.list()).models
    const unknown = await fetch(`${worker.url}/api/delete`, {
      method: 'DELETE',
      body: JSON.stringify({ model: 'nothing-here' }),
    })
    expect(unknown.status).toBe(404)
    const traversal = await fetch(`${worker.url}/api/delete`, {
      method: 'DELETE',
      body: JSON.stringify({ model: '../manifests' }),
    })
    expect(traversal.status).toBe(400)
    expect((await ollama.list()).models).toEqual(before)
  })

  test('curl-style bodies without a JSON content type are read as JSON, as Ollama does', async () => {
    const res = await fetch(`${worker.url}/api/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify({ model: worker.model, prompt: 'hi', stream: false, options: { num_predict: 2 } }),
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { eval_count: number }).eval_count).toBe(2)
  })
})
