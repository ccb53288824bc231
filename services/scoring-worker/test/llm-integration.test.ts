import { EmbedResponse, FeedbackResponse, type RunningService, ScoreResponse } from '@parley/core'
import { startTestLlmWorker, type TestLlmWorker } from '@parley/llm-worker/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { RulesLinter } from '../src/rules/harper-linter.js'
import { learner, postJson, startWorker } from './helpers.js'

// A real llm-worker on a generated random-weight model: its words mean nothing, so the worker (told by /api/show's
// random_weights) skips the LLM layers of /feedback and /score at once; these tests check that, shapes, spans and
// determinism, never wording. Real-weight behaviour is in *.real.test.ts.
let llm: TestLlmWorker
let rules: RulesLinter
let worker: RunningService
beforeAll(async () => {
  // The feedback prompt alone is a few hundred tokens; the default 512-token test context is too small.
  ;[llm, rules] = await Promise.all([startTestLlmWorker({ contextSize: 2048 }), RulesLinter.create()])
  worker = await startWorker(llm.url, rules, {
    SCORING_MODEL: llm.model,
    EMBED_MODEL: llm.model,
    SCORING_MAX_TOKENS: '48',
    SCORING_LLM_TIMEOUT_MS: '60000',
  })
})
afterAll(async () => {
  await worker?.close()
  await llm?.close()
  await rules?.dispose()
})

const text = '👋 Hi! I has went to the market yesterday 🛒 and buyed some apple.'
const conversation = [
  { role: 'assistant', content: 'Hello! What did you do yesterday?' },
  { role: 'user', content: text },
  { role: 'assistant', content: 'Nice! What do you like to cook?' },
  { role: 'user', content: 'I like cook fried rice because it is easy and my family love it.' },
]

describe('/feedback on a random-weight model', () => {
  test('skips the LLM layer (says so, not degraded), valid spans, rules findings kept, the same answer twice', async () => {
    const first = await postJson(`${worker.url}/feedback`, { text, context: conversation[0]!.content, learner })
    expect(first.status).toBe(200)
    const body = FeedbackResponse.parse(await first.json())
    expect(body).toMatchObject({ llm: 'skipped_random_weights', degraded: false })
    expect(body.issues.every((i) => i.source === 'rules')).toBe(true)
    for (const issue of body.issues) {
      expect(text.slice(issue.start, issue.end)).toBe(issue.original)
      expect(issue.end).toBeLessThanOrEqual(text.length)
    }
    const rulesFound = body.issues.filter((i) => i.source === 'rules').map((i) => i.original)
    expect(rulesFound).toEqual(expect.arrayContaining(['has', 'went']))
    const again = await postJson(`${worker.url}/feedback`, { text, context: conversation[0]!.content, learner })
    expect(await again.json()).toEqual(body)
  })
})

describe('/score on a random-weight model', () => {
  test('nine bounded scores from measured signals only (rubric and embeddings skipped), same seed same scores', async () => {
    const res = await postJson(`${worker.url}/score`, { conversation, seed: 3 })
    expect(res.status).toBe(200)
    const body = ScoreResponse.parse(await res.json())
    expect(Object.keys(body.aspects)).toHaveLength(9)
    expect(body).toMatchObject({ llm: 'skipped_random_weights', degraded: false })
    expect(body.signals.responsivenessFromEmbeddings).toBe(0)
    expect(body.signals.responsivenessSimilarity).toBeGreaterThanOrEqual(-1)
    expect(body.signals.responsivenessSimilarity).toBeLessThanOrEqual(1)
    const again = await postJson(`${worker.url}/score`, { conversation, seed: 3 })
    expect(await again.json()).toEqual(body)
  })
})

describe('/embed on a random-weight model', () => {
  test('pads the model vector to EMBED_DIM (768) and says so; the same conversation gives the same vector', async () => {
    const body = EmbedResponse.parse(await (await postJson(`${worker.url}/embed`, { conversation })).json())
    expect(body.dimension).toBe(768)
    expect(body.embedding).toHaveLength(768)
    expect(body.sourceDimension).toBeLessThan(768)
    expect(body.fit).toBe('padded')
    expect(body.embedding.slice(body.sourceDimension).every((x) => x === 0)).toBe(true)
    const again = EmbedResponse.parse(await (await postJson(`${worker.url}/embed`, { conversation })).json())
    expect(again.embedding).toEqual(body.embedding)
  })

  test('projects to a smaller EMBED_DIM', async () => {
    const small = await startWorker(llm.url, rules, { EMBED_MODEL: llm.model, EMBED_DIM: '16' })
    try {
      const body = EmbedResponse.parse(await (await postJson(`${small.url}/embed`, { conversation })).json())
      expect(body).toMatchObject({ dimension: 16, fit: 'projected' })
      expect(body.embedding).toHaveLength(16)
      expect(Math.hypot(...body.embedding)).toBeCloseTo(1, 6)
    } finally {
      await small.close()
    }
  })
})
