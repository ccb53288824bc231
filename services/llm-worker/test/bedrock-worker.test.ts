import { Ollama } from 'ollama'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { OPENING_TURN } from '../src/bedrock/converse-input.js'
import type { ConverseBody } from '../src/bedrock/testing.js'
import { type BedrockPair, ndjsonLines, post, startBedrockPair } from './bedrock-helpers.js'

const CHAT = 'amazon.nova-micro-v1:0'
const TITAN = 'amazon.titan-embed-text-v2:0'

let pair: BedrockPair
let url: string
beforeAll(async () => {
  pair = await startBedrockPair({
    BEDROCK_MODEL_ALIASES: 'smollm2:135m=amazon.nova-micro-v1:0,cohere=cohere.embed-english-v3',
    BEDROCK_JSON_MODE: 'structured',
  })
  url = pair.worker.url
})
afterAll(() => pair.close())
beforeEach(() => {
  pair.standIn.requests.length = 0
  pair.standIn.setReply((b) => `You said: ${b.messages?.at(-1)?.content?.[0]?.text ?? ''}`)
})
const lastBody = () => pair.standIn.requests.at(-1)!.body as ConverseBody

describe('chat through Converse and ConverseStream', () => {
  test('a streamed chat arrives as Ollama NDJSON chunks, with Bedrock token usage in the final chunk', async () => {
    const res = await post(`${url}/api/chat`, {
      model: CHAT,
      messages: [
        { role: 'system', content: 'Be kind.' },
        { role: 'user', content: 'hello there friend' },
      ],
      options: { temperature: 0.2, num_predict: 50, stop: ['###'] },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/x-ndjson')
    const lines = await ndjsonLines(res)
    const last = lines.at(-1)!
    expect(lines.length).toBeGreaterThan(2)
    expect(
      lines
        .slice(0, -1)
        .map((l) => (l.message as { content: string }).content)
        .join(''),
    ).toBe('You said: hello there friend')
    expect(last).toMatchObject({
      done: true,
      done_reason: 'stop',
      model: CHAT,
      // The stand-in counts words: "Be kind." + "hello there friend" in, five words out.
      prompt_eval_count: 5,
      eval_count: 5,
      provider: 'bedrock',
      provider_model: CHAT,
    })
    const seen = pair.standIn.requests.at(-1)!
    expect(seen.operation).toBe('converse-stream')
    expect(seen.body).toMatchObject({
      system: [{ text: 'Be kind.' }],
      messages: [{ role: 'user', content: [{ text: 'hello there friend' }] }],
      inferenceConfig: { maxTokens: 50, temperature: 0.2, stopSequences: ['###'] },
    })
  })

  test('stream:false answers one Ollama object; max tokens reached is done_reason "length"', async () => {
    pair.standIn.setReply(() => 'one two three four five six')
    const res = await post(`${url}/api/chat`, {
      model: CHAT,
      stream: false,
      messages: [{ role: 'user', content: 'count' }],
      options: { num_predict: 3 },
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      message: { role: 'assistant', content: 'one two three' },
      done: true,
      done_reason: 'length',
      eval_count: 3,
      prompt_eval_count: 1,
    })
    expect(pair.standIn.requests.at(-1)!.operation).toBe('converse')
  })

  test('turns Converse would refuse are reshaped: tutor-first opening, repeated roles joined, blank turns dropped', async () => {
    const res = await post(`${url}/api/chat`, {
      model: CHAT,
      stream: false,
      messages: [
        { role: 'system', content: 'You are a tutor.' },
        { role: 'assistant', content: 'Welcome to the cafe!' },
        { role: 'user', content: 'Hi.' },
        { role: 'user', content: 'A coffee please.' },
        { role: 'assistant', content: '   ' },
      ],
    })
    expect(res.status).toBe(200)
    expect(lastBody().messages).toEqual([
      { role: 'user', content: [{ text: OPENING_TURN }] },
      { role: 'assistant', content: [{ text: 'Welcome to the cafe!' }] },
      { role: 'user', content: [{ text: 'Hi.\n\nA coffee please.' }] },
    ])
  })

  test('an alias serves a self-hosted model name through Bedrock, so the worker can share a pool with Ollama ones', async () => {
    const res = await post(`${url}/api/chat`, {
      model: 'smollm2:135m',
      stream: false,
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ model: 'smollm2:135m', provider_model: CHAT })
    expect(pair.standIn.requests.at(-1)!.modelId).toBe(CHAT)
  })

  test('generate takes the prompt as the user turn and the system text apart', async () => {
    const res = await post(`${url}/api/generate`, {
      model: CHAT,
      prompt: 'tell me',
      system: 'Be short.',
      stream: false,
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ response: 'You said: tell me', done: true, prompt_eval_count: 4 })
    expect(lastBody().system).toEqual([{ text: 'Be short.' }])
  })

  test('the ollama npm client works against it unchanged, streaming included', async () => {
    const ollama = new Ollama({ host: url })
    let text = ''
    let final: { eval_count?: number } = {}
    for await (const part of await ollama.chat({
      model: CHAT,
      stream: true,
      messages: [{ role: 'user', content: 'good morning' }],
    })) {
      text += part.message.content
      if (part.done) final = part
    }
    expect(text).toBe('You said: good morning')
    expect(final.eval_count).toBe(4)
    const show = await ollama.show({ model: CHAT })
    expect(show.model_info).toMatchObject({ 'bedrock.model_id': CHAT, 'bedrock.context_length': 32768 })
    expect((await ollama.list()).models.map((m) => m.name)).toEqual(
      expect.arrayContaining([CHAT, TITAN, 'smollm2:135m', 'cohere']),
    )
  })

  test('an empty chat "loads" the model as Ollama does, without calling Bedrock', async () => {
    const res = await post(`${url}/api/chat`, { model: CHAT, messages: [] })
    expect(await res.json()).toMatchObject({ done: true, done_reason: 'load' })
    expect(pair.standIn.requests).toHaveLength(0)
  })
})

describe('JSON format', () => {
  const schema = {
    type: 'object',
    properties: { level: { type: 'string', enum: ['A1', 'B1'] }, score: { type: 'integer', minimum: 0, maximum: 100 } },
    required: ['level', 'score'],
  }

  test('a JSON schema goes to Converse as outputConfig json_schema, and the valid reply comes back as content', async () => {
    pair.standIn.setReply(() => '{"level":"B1","score":72}')
    const res = await post(`${url}/api/chat`, {
      model: CHAT,
      stream: false,
      format: schema,
      messages: [{ role: 'user', content: 'rate me' }],
    })
    expect(res.status).toBe(200)
    expect(JSON.parse(((await res.json()) as { message: { content: string } }).message.content)).toEqual({
      level: 'B1',
      score: 72,
    })
    const format = lastBody().outputConfig?.textFormat
    expect(format?.type).toBe('json_schema')
    expect(JSON.parse(format!.structure!.jsonSchema!.schema!)).toEqual(schema)
  })

  test('output that breaks the schema is asked for again, then answered 422 as the self-hosted worker does', async () => {
    pair.standIn.setReply(() => '{"level":"C2","score":72}')
    const res = await post(`${url}/api/chat`, {
      model: CHAT,
      stream: false,
      format: schema,
      messages: [{ role: 'user', content: 'rate me' }],
    })
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({ code: 'format_mismatch' })
    expect(pair.standIn.requests).toHaveLength(3)
  })

  test('streamed JSON that breaks the schema ends with an error line', async () => {
    pair.standIn.setReply(() => 'not json at all')
    const res = await post(`${url}/api/chat`, {
      model: CHAT,
      format: 'json',
      messages: [{ role: 'user', content: 'x' }],
    })
    const lines = await ndjsonLines(res)
    expect(String(lines.at(-1)!.error)).toContain('does not match the requested format')
  })

  test('an unusable schema is a 400 before Bedrock is called', async () => {
    const res = await post(`${url}/api/chat`, {
      model: CHAT,
      format: { type: 'no-such-type' },
      messages: [{ role: 'user', content: 'x' }],
    })
    expect(res.status).toBe(400)
    expect(pair.standIn.requests).toHaveLength(0)
  })
})

describe('JSON by prompt (models without structured outputs)', () => {
  let prompted: BedrockPair
  beforeAll(async () => {
    // The default JSON mode.
    prompted = await startBedrockPair({}, { reply: () => '```json\n{"ok":true}\n```' })
  })
  afterAll(() => prompted.close())

  test('the schema goes into the system prompt, and a fenced reply is unwrapped and validated', async () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] }
    const res = await post(`${prompted.worker.url}/api/chat`, {
      model: CHAT,
      stream: false,
      format: schema,
      messages: [
        { role: 'system', content: 'Judge.' },
        { role: 'user', content: 'x' },
      ],
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { message: { content: string } }).message.content).toBe('{"ok":true}')
    const body = prompted.standIn.requests.at(-1)!.body as ConverseBody
    expect(body.outputConfig).toBeUndefined()
    expect(body.system?.[0]?.text).toContain(JSON.stringify(schema))
  })
})

describe('embeddings through InvokeModel', () => {
  test('Titan v2: /api/embed returns one unit vector per input and the token count', async () => {
    const res = await post(`${url}/api/embed`, { model: TITAN, input: ['I like tea', 'and coffee'] })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { embeddings: number[][]; prompt_eval_count: number }
    expect(body.embeddings).toHaveLength(2)
    expect(body.embeddings[0]).toHaveLength(1024)
    expect(Math.hypot(...body.embeddings[0]!)).toBeCloseTo(1, 5)
    expect(body.embeddings[0]).not.toEqual(body.embeddings[1])
    expect(body.prompt_eval_count).toBe(5)
    expect(pair.standIn.requests.map((r) => r.body)).toEqual(
      expect.arrayContaining([{ inputText: 'I like tea', dimensions: 1024, normalize: true }]),
    )
  })

  test('the legacy /api/embeddings answers one vector, the same text giving the same vector', async () => {
    const a = (await (await post(`${url}/api/embeddings`, { model: TITAN, prompt: 'same' })).json()) as {
      embedding: number[]
    }
    const b = (await (await post(`${url}/api/embeddings`, { model: TITAN, prompt: 'same' })).json()) as {
      embedding: number[]
    }
    expect(a.embedding).toHaveLength(1024)
    expect(a.embedding).toEqual(b.embedding)
  })

  test('Cohere Embed v3 (through an alias) embeds a batch in one call', async () => {
    const res = await post(`${url}/api/embed`, { model: 'cohere', input: ['one', 'two', 'three'] })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { embeddings: number[][] }).embeddings).toHaveLength(3)
    expect(pair.standIn.requests).toHaveLength(1)
    expect(pair.standIn.requests[0]!.body).toMatchObject({ input_type: 'search_document', truncate: 'END' })
  })

  test('with truncate:false a text too long for Titan is a 400 context_length_exceeded, never sent', async () => {
    const res = await post(`${url}/api/embed`, { model: TITAN, input: 'x'.repeat(50_001), truncate: false })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'context_length_exceeded' })
    expect(pair.standIn.requests).toHaveLength(0)
  })

  test('a chat model name embeds with the embedding model (as an Ollama model chats and embeds); an embedding model cannot chat', async () => {
    const res = await post(`${url}/api/embed`, { model: 'smollm2:135m', input: 'x' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ model: 'smollm2:135m', provider_model: TITAN })
    expect(pair.standIn.requests.map((r) => r.modelId)).toEqual([TITAN])
    const chat = await post(`${url}/api/chat`, { model: TITAN, messages: [{ role: 'user', content: 'x' }] })
    expect(chat.status).toBe(400)
    expect(await chat.json()).toMatchObject({ code: 'wrong_model_kind' })
    expect(pair.standIn.requests).toHaveLength(1)
  })
})

describe('bad input is a 4xx and reaches nobody', () => {
  test.each([
    ['broken JSON', '{"model":', 400],
    ['messages of the wrong type', { model: CHAT, messages: 'hi' }, 400],
    ['tools', { model: CHAT, messages: [{ role: 'user', content: 'x' }], tools: [{}] }, 400],
    ['a tool turn', { model: CHAT, messages: [{ role: 'tool', content: 'x' }] }, 400],
    ['an unknown model', { model: 'gpt-9', messages: [{ role: 'user', content: 'x' }] }, 404],
  ])('%s', async (_name, body, status) => {
    const res = await post(`${url}/api/chat`, body)
    expect(res.status).toBe(status)
    expect(typeof ((await res.json()) as { error: string }).error).toBe('string')
    expect(pair.standIn.requests).toHaveLength(0)
  })

  test('pull, delete, copy and create say plainly that a Bedrock worker has no model store', async () => {
    for (const [method, path] of [
      ['POST', '/api/pull'],
      ['DELETE', '/api/delete'],
      ['POST', '/api/copy'],
      ['POST', '/api/create'],
    ] as const) {
      const res = await fetch(`${url}${path}`, { method, body: JSON.stringify({ model: CHAT }) })
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ code: 'not_supported_by_provider' })
    }
    const pullMessage = ((await (await post(`${url}/api/pull`, { model: CHAT })).json()) as { error: string }).error
    expect(pullMessage).toContain('Bedrock model access')
  })
})

describe('configuration', () => {
  test('settings Bedrock would refuse on every request are refused at start, naming the variable', async () => {
    const { createBedrockWorkerDeps, loadBedrockWorkerConfig } = await import('../src/bedrock/index.js')
    expect(() => loadBedrockWorkerConfig({ BEDROCK_EMBED_DIM: '768' })).toThrow(/BEDROCK_EMBED_DIM/)
    expect(() => loadBedrockWorkerConfig({ BEDROCK_JSON_MODE: 'grammar' })).toThrow(/BEDROCK_JSON_MODE/)
    expect(() => loadBedrockWorkerConfig({ BEDROCK_ENDPOINT: 'not a url' })).toThrow(/BEDROCK_ENDPOINT/)
    const config = loadBedrockWorkerConfig({ BEDROCK_MODEL_ALIASES: 'no-equals-sign' })
    expect(() => createBedrockWorkerDeps(config)).toThrow(/BEDROCK_MODEL_ALIASES/)
  })
})
