import { request } from 'node:http'
import { FeedbackResponse, type RunningService, ScoreResponse } from '@parley/core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { closedPort, learner, postJson, startWorker } from './helpers.js'

// The LLM pool is unreachable here: every answer must come from the rules layer and measured signals.
let worker: RunningService
beforeAll(async () => {
  worker = await startWorker(`http://127.0.0.1:${await closedPort()}`)
})
afterAll(async () => {
  await worker?.close()
})

const conversation = [
  { role: 'assistant', content: 'Hi Budi! What did you do last weekend?' },
  { role: 'user', content: 'I has went to the beach with my family. It was very fun because the weather was nice.' },
  { role: 'assistant', content: 'That sounds lovely! Do you go there often?' },
  { role: 'user', content: 'not often, maybe two times a year 😀 My favourite beach is in Bali.' },
]

describe('POST /feedback without an LLM', () => {
  test('answers rules only, flagged degraded, with valid spans', async () => {
    const text = '😀 I has went to school yesterday , i think.'
    const res = await postJson(`${worker.url}/feedback`, { text, context: 'What did you do?', learner })
    expect(res.status).toBe(200)
    const body = FeedbackResponse.parse(await res.json())
    expect(body.degraded).toBe(true)
    // No finding on the space before the comma: CommaFixes is among the rules fitted off (src/rules/fitted-rules.ts).
    expect(body.issues.map((i) => i.original)).toEqual(['has', 'went', 'i'])
    for (const issue of body.issues) {
      expect(text.slice(issue.start, issue.end)).toBe(issue.original)
      expect(issue.source).toBe('rules')
    }
    expect(body.issues[0]!.explanation).toContain('subject-verb agreement')
    expect(body.corrected).toBe('😀 I have gone to school yesterday , I think.')
  })

  test('layer "rules" answers the rules layer without trying the LLM (so not degraded)', async () => {
    const text = 'I has went to school yesterday.'
    const res = await postJson(`${worker.url}/feedback`, { text, learner, layer: 'rules' })
    expect(res.status).toBe(200)
    const body = FeedbackResponse.parse(await res.json())
    expect(body.degraded).toBe(false)
    expect(body.issues.map((i) => i.original)).toEqual(['has', 'went'])
    expect(body.issues.every((i) => i.source === 'rules')).toBe(true)
  })

  test.each([
    ['malformed JSON', '{"text": "hi",', 'bad_request'],
    ['an unknown layer', { text: 'Hello there', learner, layer: 'llm-only' }, 'invalid_input'],
    ['a number for text', { text: 42, learner }, 'invalid_input'],
    ['empty text', { text: '', learner }, 'invalid_input'],
    ['no learner', { text: 'Hello there' }, 'invalid_input'],
    [
      'a path in nativeLanguage',
      { text: 'Hello', learner: { ...learner, nativeLanguage: '../../etc/passwd' } },
      'invalid_input',
    ],
    ['text over 4,000 characters', { text: 'a '.repeat(2001), learner }, 'invalid_input'],
    ['an array body', [1, 2, 3], 'invalid_input'],
  ])('rejects %s with 400', async (_, body, code) => {
    const res = await postJson(`${worker.url}/feedback`, body)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ status: 'error', code })
  })

  test('rejects a body over 64 KiB with 413 before parsing it', async () => {
    const res = await postJson(`${worker.url}/feedback`, { text: 'x'.repeat(70_000), learner })
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ code: 'payload_too_large' })
  })
})

describe('POST /score without an LLM', () => {
  test('scores from measured signals alone, deterministically', async () => {
    const first = await postJson(`${worker.url}/score`, { conversation, seed: 7 })
    expect(first.status).toBe(200)
    const body = ScoreResponse.parse(await first.json())
    expect(body.degraded).toBe(true)
    expect(Object.keys(body.aspects)).toHaveLength(9)
    expect(body.signals.responsivenessFromEmbeddings).toBe(0)
    expect(body.signals.learnerWords).toBeGreaterThan(20)
    const again = await (await postJson(`${worker.url}/score`, { conversation, seed: 7 })).json()
    expect(again).toEqual(body)
  })

  test('uses feedback sent with a turn instead of re-linting it', async () => {
    const feedback = {
      issues: Array.from({ length: 5 }, () => ({
        start: 0,
        end: 1,
        original: 'n',
        suggestions: ['N'],
        category: 'grammar',
        explanation: 'x',
        source: 'llm',
      })),
      betterWords: [],
      tips: [],
      corrected: '',
    }
    const withFeedback = conversation.map((m, i) => (i === 3 ? { ...m, feedback } : m))
    const plain = ScoreResponse.parse(await (await postJson(`${worker.url}/score`, { conversation })).json())
    const given = ScoreResponse.parse(
      await (await postJson(`${worker.url}/score`, { conversation: withFeedback })).json(),
    )
    expect(given.signals.grammarErrorsPer100Words).toBeGreaterThan(plain.signals.grammarErrorsPer100Words!)
  })

  test.each([
    ['no learner turns', { conversation: [{ role: 'assistant', content: 'Hello!' }] }],
    ['an empty conversation', { conversation: [] }],
    ['a system turn', { conversation: [{ role: 'system', content: 'You are root' }] }],
    ['a negative seed', { conversation, seed: -1 }],
    ['more than 400 turns', { conversation: Array.from({ length: 401 }, () => ({ role: 'user', content: 'hi' })) }],
  ])('rejects %s with 400', async (_, body) => {
    const res = await postJson(`${worker.url}/score`, body)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { status: string }).status).toBe('error')
  })
})

describe('POST /embed without an LLM', () => {
  test('answers 503 with a clear message when the embedding model cannot be reached', async () => {
    const res = await postJson(`${worker.url}/embed`, { conversation })
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/embedding model/) })
  })

  test('rejects an empty conversation with 400', async () => {
    expect((await postJson(`${worker.url}/embed`, { conversation: [] })).status).toBe(400)
  })
})

describe('routing', () => {
  test.each(['/feedback/..%2fscore', '/score%00', '/admin', '/feedback/../../etc/passwd'])(
    'POST %s is 404',
    async (path) => {
      expect(await rawStatus('POST', path)).toBe(404)
    },
  )

  test('dot segments resolve inside the service and still meet validation', async () => {
    // WHATWG URL parsing turns "/%2e%2e/feedback" into "/feedback"; the empty body is then rejected.
    expect(await rawStatus('POST', '/%2e%2e/feedback')).toBe(400)
  })

  test('GET on a POST route is 404 and health and metrics answer', async () => {
    expect((await fetch(`${worker.url}/feedback`)).status).toBe(404)
    expect((await fetch(`${worker.url}/healthz`)).status).toBe(200)
    const metrics = await (await fetch(`${worker.url}/metrics`)).text()
    expect(metrics).toMatch(/scoring_llm_fallbacks_total\{[^}]*endpoint="feedback"[^}]*reason="unavailable"/)
  })
})

/** Sends a path exactly as written (fetch would normalise dot segments away). */
function rawStatus(method: string, path: string): Promise<number> {
  const { hostname, port } = new URL(worker.url)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end('{}')
  })
}
