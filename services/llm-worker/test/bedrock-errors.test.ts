import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { type BedrockErrorType, STAND_IN_CREDENTIALS } from '../src/bedrock/testing.js'
import { type BedrockPair, ndjsonLines, post, startBedrockPair } from './bedrock-helpers.js'

const CHAT = 'amazon.nova-micro-v1:0'
const chat = (stream: boolean, content = 'one two three four five six') => ({
  model: CHAT,
  stream,
  messages: [{ role: 'user', content }],
})

let pair: BedrockPair
let url: string
beforeAll(async () => {
  pair = await startBedrockPair()
  url = pair.worker.url
})
afterAll(() => pair.close())
beforeEach(() => {
  pair.standIn.requests.length = 0
})

describe('Bedrock errors map to Parley codes', () => {
  test.each<[BedrockErrorType, number, string, string | null]>([
    ['ThrottlingException', 429, 'too_many_requests', '2'],
    ['ServiceQuotaExceededException', 429, 'too_many_requests', '2'],
    ['ValidationException', 400, 'invalid_request', null],
    ['AccessDeniedException', 502, 'provider_refused', null],
    ['ResourceNotFoundException', 404, 'not_found', null],
    ['ModelNotReadyException', 503, 'unavailable', '5'],
    ['ServiceUnavailableException', 503, 'unavailable', '2'],
    ['ModelTimeoutException', 504, 'provider_timeout', null],
    ['ModelErrorException', 502, 'provider_error', null],
    ['InternalServerException', 502, 'provider_error', null],
  ])('%s → %i %s', async (type, status, code, retryAfter) => {
    for (const stream of [false, true]) {
      pair.standIn.failNext({ error: type })
      const res = await post(`${url}/api/chat`, chat(stream))
      expect(res.status).toBe(status)
      expect(res.headers.get('retry-after')).toBe(retryAfter)
      const body = (await res.json()) as { code: string; error: string }
      expect(body.code).toBe(code)
      expect(body.error).toContain(CHAT)
    }
  })

  test('a prompt longer than the model takes is 400 context_length_exceeded, as from the self-hosted worker', async () => {
    const small = await startBedrockPair({}, { chatModels: { [CHAT]: 5 } })
    try {
      const res = await post(`${small.worker.url}/api/chat`, chat(false))
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ code: 'context_length_exceeded' })
    } finally {
      await small.close()
    }
  })

  test('embedding errors map the same way', async () => {
    pair.standIn.failNext({ error: 'ThrottlingException' })
    const res = await post(`${url}/api/embed`, { model: 'amazon.titan-embed-text-v2:0', input: 'x' })
    expect(res.status).toBe(429)
  })

  test('an exception event mid-stream ends the NDJSON stream with an error line after the text so far', async () => {
    pair.standIn.failNext({ midStream: 'throttlingException', afterPieces: 2 })
    const res = await post(`${url}/api/chat`, chat(true))
    expect(res.status).toBe(200)
    const lines = await ndjsonLines(res)
    expect(lines.slice(0, -1).map((l) => (l.message as { content: string }).content)).toEqual(['You ', 'said: '])
    expect(lines.at(-1)).toEqual({ error: `Bedrock is throttling requests to ${CHAT}; try again shortly` })
  })

  test('a model stream error mid-way is reported as a provider error line, never a done chunk', async () => {
    pair.standIn.failNext({ midStream: 'modelStreamErrorException', afterPieces: 1 })
    const lines = await ndjsonLines(await post(`${url}/api/chat`, chat(true)))
    expect(lines.some((l) => l.done === true)).toBe(false)
    expect(String(lines.at(-1)!.error)).toContain('ModelStreamErrorException')
  })
})

describe('signatures, retries, timeouts and leaving', () => {
  test('the stand-in refuses an unsigned call as AWS does, and a wrong secret through the SDK is a 502 provider_refused', async () => {
    const unsigned = await post(`${pair.standIn.url}/model/${encodeURIComponent(CHAT)}/converse`, chat(false))
    expect(unsigned.status).toBe(403)
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException')

    const forged = await startBedrockPair()
    await forged.worker.close()
    const wrong = await import('../src/bedrock/index.js').then(async (m) =>
      m.startBedrockWorker(
        m.loadBedrockWorkerConfig({ BEDROCK_ENDPOINT: forged.standIn.url, BEDROCK_MAX_ATTEMPTS: '1' }),
        { port: 0, credentials: { ...STAND_IN_CREDENTIALS, secretAccessKey: 'not-the-secret' } },
      ),
    )
    try {
      const res = await post(`${wrong.url}/api/chat`, chat(false))
      expect(res.status).toBe(502)
      expect(await res.json()).toMatchObject({ code: 'provider_refused' })
      expect(forged.standIn.requests.at(-1)!.status).toBe(403)
    } finally {
      await wrong.close()
      await forged.standIn.close()
    }
  })

  test("the SDK's own retry absorbs one throttle when BEDROCK_MAX_ATTEMPTS allows it", async () => {
    const retrying = await startBedrockPair({ BEDROCK_MAX_ATTEMPTS: '2' })
    try {
      retrying.standIn.failNext({ error: 'ThrottlingException' })
      const res = await post(`${retrying.worker.url}/api/chat`, chat(false))
      expect(res.status).toBe(200)
      expect(retrying.standIn.requests.map((r) => r.status)).toEqual([429, 200])
    } finally {
      await retrying.close()
    }
  })

  test('Bedrock not answering within BEDROCK_TIMEOUT_MS is a 504 provider_timeout', async () => {
    const slow = await startBedrockPair({ BEDROCK_TIMEOUT_MS: '300' })
    try {
      slow.standIn.failNext({ hang: true })
      const res = await post(`${slow.worker.url}/api/chat`, chat(false))
      expect(res.status).toBe(504)
      expect(await res.json()).toMatchObject({ code: 'provider_timeout' })
    } finally {
      await slow.close()
    }
  })

  test('a stream that goes silent past BEDROCK_TIMEOUT_MS ends with a timeout line, and the Bedrock call is cancelled', async () => {
    const slow = await startBedrockPair({ BEDROCK_TIMEOUT_MS: '300' })
    try {
      slow.standIn.failNext({ stallAfterPieces: 2 })
      const lines = await ndjsonLines(await post(`${slow.worker.url}/api/chat`, chat(true)))
      expect(lines.slice(0, -1).map((l) => (l.message as { content: string }).content)).toEqual(['You ', 'said: '])
      expect(lines.at(-1)).toEqual({ error: `Bedrock (${CHAT}) did not answer in time` })
      await expect.poll(() => slow.standIn.requests[0]?.aborted, { timeout: 10_000 }).toBe(true)
    } finally {
      await slow.close()
    }
  })

  test('the deadline is for silence only: a steady stream longer than BEDROCK_TIMEOUT_MS in all completes', async () => {
    // 22 frames 100 ms apart: over two seconds in all, never 1.5 s without an event.
    const steady = await startBedrockPair({ BEDROCK_TIMEOUT_MS: '1500' }, { frameDelayMs: 100 })
    try {
      const lines = await ndjsonLines(
        await post(`${steady.worker.url}/api/chat`, chat(true, 'a b c d e f g h i j k l m n o')),
      )
      expect(lines.at(-1)).toMatchObject({ done: true, eval_count: 17 })
    } finally {
      await steady.close()
    }
  })

  test('a client that leaves mid-stream cancels the Bedrock stream', async () => {
    const slow = await startBedrockPair({}, { frameDelayMs: 50, reply: () => 'word '.repeat(200) })
    try {
      const abort = new AbortController()
      const res = await post(`${slow.worker.url}/api/chat`, chat(true), { signal: abort.signal })
      const reader = res.body!.getReader()
      await reader.read()
      abort.abort()
      await expect.poll(() => slow.standIn.requests[0]?.aborted, { timeout: 10_000 }).toBe(true)
    } finally {
      await slow.close()
    }
  })
})
