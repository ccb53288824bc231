import { FeedbackResponse, loadConfig, type RunningService, ScoreResponse, silentLogger } from '@parley/core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { scoringWorkerEnv } from '../src/config.js'
import { RulesLinter } from '../src/rules/harper-linter.js'
import { startScoringWorker } from '../src/start.js'
import { chatReply, closedPort, learner, postJson, scriptedOllama, startWorker } from './helpers.js'

let rules: RulesLinter
beforeAll(async () => {
  rules = await RulesLinter.create()
})
afterAll(async () => {
  await rules.dispose()
})

async function withStandIn(
  answer: Parameters<typeof scriptedOllama>[0],
  run: (worker: RunningService) => Promise<void>,
  env: Record<string, string> = {},
) {
  const ollama = await scriptedOllama(answer)
  const worker = await startWorker(ollama.url, rules, env)
  try {
    await run(worker)
  } finally {
    await worker.close()
    await ollama.close()
  }
}

const text = 'Yesterday I has make a photo of the my cat in last week.'

describe('an Ollama server that answers badly', () => {
  test.each([
    ['not JSON', chatReply('{"issues": [')],
    ['JSON of the wrong shape', chatReply('{"issues": "none", "tips": 3}')],
    ['an error object', { error: 'model "parley-tiny" not found' }],
  ])('/feedback answers rules only with degraded: true when the reply is %s', async (_, reply) => {
    await withStandIn(
      () => reply,
      async (worker) => {
        const res = await postJson(`${worker.url}/feedback`, { text, learner })
        expect(res.status).toBe(200)
        const body = FeedbackResponse.parse(await res.json())
        expect(body.degraded).toBe(true)
        expect(body.issues.length).toBeGreaterThan(0)
        expect(body.issues.every((i) => i.source === 'rules')).toBe(true)
      },
    )
  })

  test('/score falls back to measured signals when the rubric and embeddings come back wrong', async () => {
    await withStandIn(
      (path) => (path === '/api/embed' ? { embeddings: [[1, 2, 3]] } : chatReply('{"grammar": 900}')),
      async (worker) => {
        const conversation = [
          { role: 'assistant', content: 'What do you like?' },
          { role: 'user', content: 'I like cats.' },
        ]
        const body = ScoreResponse.parse(await (await postJson(`${worker.url}/score`, { conversation })).json())
        expect(body.degraded).toBe(true)
        expect(body.signals.responsivenessFromEmbeddings).toBe(0)
      },
    )
  })

  test('/embed answers 503 when the vector has the wrong shape', async () => {
    await withStandIn(
      () => ({ embeddings: [] }),
      async (worker) => {
        const res = await postJson(`${worker.url}/embed`, { conversation: [{ role: 'user', content: 'hi' }] })
        expect(res.status).toBe(503)
      },
    )
  })
})

describe('an Ollama server that answers well', () => {
  const findings = {
    issues: [
      { original: 'has make', suggestion: 'have taken', category: 'grammar', explanation: 'Tense!' },
      { original: 'make a photo', suggestion: 'take a photo', category: 'word-choice', explanation: 'Collocation.' },
      { original: 'the my', suggestion: 'my', category: 'grammar', explanation: 'Rules found this already.' },
      { original: 'in last week', suggestion: 'last week', category: 'grammar', explanation: '' },
      { original: 'not in the text', suggestion: 'x', category: 'style', explanation: 'x' },
    ],
    betterWords: [{ original: 'photo', better: 'picture', why: 'Both work.' }],
    tips: ['Use "take" with photos.'],
  }
  let seen: Record<string, unknown> | undefined

  test('merges LLM findings after the rules, re-anchored, without duplicates, in the schema the request asked for', async () => {
    await withStandIn(
      (_, body) => {
        seen = body
        return chatReply(JSON.stringify(findings))
      },
      async (worker) => {
        const body = FeedbackResponse.parse(await (await postJson(`${worker.url}/feedback`, { text, learner })).json())
        expect(body.degraded).toBe(false)
        const bySource = (s: string) => body.issues.filter((i) => i.source === s).map((i) => i.original)
        expect(bySource('rules')).toEqual(['has', 'the my'])
        // "has make" overlaps the rules finding on "has" and "the my" repeats one; the last quote is not in the text.
        expect(bySource('llm')).toEqual(['make a photo', 'in last week'])
        for (const issue of body.issues) expect(text.slice(issue.start, issue.end)).toBe(issue.original)
        expect(body.issues.find((i) => i.original === 'in last week')!.explanation).toMatch(/^Tata bahasa \(grammar\)/)
        expect(body.betterWords).toContainEqual({ original: 'photo', better: 'picture', why: 'Both work.' })
        expect(body.tips[0]).toBe('Use "take" with photos.')
        expect(body.corrected).toBe('Yesterday I have take a photo of my cat last week.')
      },
      // The model's corrections are off by default (docs/scoring.md); this test checks how they are merged.
      { SCORING_LLM_ISSUES: 'all' },
    )
    // The request constrained the reply with a JSON schema, greedy decoding and the configured seed.
    expect(seen?.format).toMatchObject({ type: 'object', required: expect.arrayContaining(['issues']) })
    expect(seen?.options).toMatchObject({ temperature: 0, seed: 42 })
    expect(JSON.stringify(seen?.messages)).toContain(JSON.stringify(text).slice(1, -1))
  })

  test('/score moves the measured scores towards a sound rubric by at most 10 points, and uses embeddings', async () => {
    const rubric = {
      written_fluency: 70,
      vocabulary: 75,
      grammar: 80,
      comprehension: 85,
      coherence: 65,
      digital_etiquette: 90,
      responsiveness: 85,
      clarity: 80,
      overall_communication: 78,
      cefr: 'B2',
    }
    const conversation = [
      { role: 'assistant', content: 'What do you like?' },
      { role: 'user', content: 'I like cats because they are quiet and independent.' },
    ]
    await withStandIn(
      (path, body) =>
        path === '/api/embed'
          ? { embeddings: (body.input as string[]).map((_, i) => [1, i % 2 === 0 ? 0 : 0.2, 0]) }
          : chatReply(JSON.stringify(rubric)),
      async (worker) => {
        const body = ScoreResponse.parse(await (await postJson(`${worker.url}/score`, { conversation })).json())
        expect(body.degraded).toBe(false)
        expect(body.rubric).toMatchObject({ status: 'used' })
        expect(body.rubric!.maxSwing).toBeGreaterThan(0)
        expect(body.rubric!.maxSwing).toBeLessThanOrEqual(10)
        expect(body.signals.responsivenessFromEmbeddings).toBe(1)
        expect(body.signals.responsivenessSimilarity).toBeCloseTo(1 / Math.hypot(1, 0.2), 3)
        expect(body.aspects.grammar.justification).toContain('The rubric judged 80/100')
      },
    )
  })

  test.each([
    ['1/100 on every aspect (SmolLM2 seen)', 1],
    ['100/100 on every aspect (Gemma base seen)', 100],
  ])('/score rejects a degenerate rubric answering %s: scores stay the measured ones', async (_, value) => {
    const conversation = [
      { role: 'assistant', content: 'What do you like?' },
      { role: 'user', content: 'I like cats because they are quiet and independent.' },
    ]
    const degenerate = Object.fromEntries([
      ...['written_fluency', 'vocabulary', 'grammar', 'comprehension', 'coherence', 'digital_etiquette'].map((a) => [
        a,
        value,
      ]),
      ...['responsiveness', 'clarity', 'overall_communication'].map((a) => [a, value]),
      ['cefr', value === 1 ? 'A1' : 'C2'],
    ])
    let measuredOnly: ScoreResponse | undefined
    await withStandIn(
      () => ({ error: 'no model' }),
      async (worker) => {
        measuredOnly = ScoreResponse.parse(await (await postJson(`${worker.url}/score`, { conversation })).json())
      },
    )
    await withStandIn(
      (path) => (path === '/api/embed' ? { error: 'no embeddings' } : chatReply(JSON.stringify(degenerate))),
      async (worker) => {
        const body = ScoreResponse.parse(await (await postJson(`${worker.url}/score`, { conversation })).json())
        expect(body.rubric).toMatchObject({ status: 'rejected', maxSwing: 0, reason: expect.stringMatching(/alike/) })
        for (const [aspect, { score }] of Object.entries(body.aspects))
          expect(score, aspect).toBe(measuredOnly!.aspects[aspect as keyof typeof body.aspects].score)
        expect(body.cefr.level).toBe(measuredOnly!.cefr.level)
      },
    )
  })

  test('/embed pads a short vector to EMBED_DIM and says so', async () => {
    await withStandIn(
      () => ({ embeddings: [[0.6, 0.8]] }),
      async (worker) => {
        const body = await (
          await postJson(`${worker.url}/embed`, { conversation: [{ role: 'user', content: 'hi' }] })
        ).json()
        expect(body).toMatchObject({ dimension: 16, sourceDimension: 2, fit: 'padded', model: 'parley-tiny' })
        expect((body as { embedding: number[] }).embedding).toEqual([0.6, 0.8, ...new Array(14).fill(0)])
      },
      { EMBED_DIM: '16' },
    )
  })
})

describe('/embed model choice', () => {
  test('uses the requested model, and answers 400 for one the pool does not have', async () => {
    await withStandIn(
      (_, body) =>
        body.model === 'nomic-embed-text' ? { embeddings: [[0.5, 0.5]] } : { error: `model "${body.model}" not found` },
      async (worker) => {
        const conversation = [{ role: 'user', content: 'hi' }]
        const ok = await postJson(`${worker.url}/embed`, { conversation, model: 'nomic-embed-text' })
        expect(await ok.json()).toMatchObject({ model: 'nomic-embed-text', sourceDimension: 2 })
        const missing = await postJson(`${worker.url}/embed`, { conversation, model: 'no-such-model' })
        expect(missing.status).toBe(400)
        expect(await missing.json()).toMatchObject({ code: 'unknown_model' })
        const bad = await postJson(`${worker.url}/embed`, { conversation, model: '../../etc/passwd x' })
        expect(bad.status).toBe(400)
      },
    )
  })
})

describe('the embedded stack', () => {
  test('llmFetch carries the pool calls, whatever SCORING_LLM_URL says', async () => {
    const ollama = await scriptedOllama(() => ({ embeddings: [[1, 0]] }))
    const config = loadConfig(scoringWorkerEnv, {
      SCORING_WORKER_PORT: '0',
      SCORING_LLM_URL: `http://127.0.0.1:${await closedPort()}`,
      EMBED_DIM: '4',
    })
    const llmFetch: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      return fetch(`${ollama.url}${url.pathname}`, init)
    }
    const worker = await startScoringWorker(config, { log: silentLogger(), rules, llmFetch })
    try {
      const body = await (
        await postJson(`${worker.url}/embed`, { conversation: [{ role: 'user', content: 'hi' }] })
      ).json()
      expect(body).toMatchObject({ embedding: [1, 0, 0, 0], fit: 'padded' })
    } finally {
      await worker.close()
      await ollama.close()
    }
  })
})
