import { ScoreResponse } from '@parley/core'
import { realModelsDir } from '@parley/llm-worker/testing'
import { describe, expect, test } from 'vitest'
import { MAX_RUBRIC_SWING } from '../src/scoring/rubric-bounds.js'
import { closedPort, postJson, startWorker } from './helpers.js'
import { useRealScoringDeps } from './real-deps.js'

const conversations = [
  [
    { role: 'assistant', content: 'What did you do last weekend?' },
    { role: 'user', content: 'I go to the beach with my friends and we swim a lot. It was very fun!' },
    { role: 'assistant', content: 'That sounds great. Was the water cold?' },
    { role: 'user', content: 'Yes, it was cold but I am agree that swimming is good for health.' },
  ],
  [
    { role: 'assistant', content: 'Tell me about your job.' },
    {
      role: 'user',
      content:
        'I work as a nurse in a large hospital, which is demanding, although I find it rewarding because I help people.',
    },
  ],
]

// Real weights (npm run models:real). SmolLM2 has 135M parameters (its /api/show says so), so by default the rubric
// is not asked at all; asked anyway (SCORING_RUBRIC_SMALL_MODELS=ask), it answers valid JSON, and whatever it says
// moves no score by more than MAX_RUBRIC_SWING points from the measured-only one.
describe.skipIf(!realModelsDir())('the /score rubric on SmolLM2-135M-Instruct', () => {
  const real = useRealScoringDeps()

  test('by default it is not asked of a 135M model: skipped, and the scores are the measured-only ones', async () => {
    // Embeddings off on both (a model the pool lacks), so the rubric is the only possible difference.
    const skipping = await startWorker(real.llm.url, real.rules, {
      SCORING_MODEL: real.llm.model,
      EMBED_MODEL: 'no-such-model',
      SCORING_LLM_TIMEOUT_MS: '240000',
    })
    const measuredOnly = await startWorker(`http://127.0.0.1:${await closedPort()}`, real.rules)
    try {
      for (const conversation of conversations) {
        const body = ScoreResponse.parse(
          await (await postJson(`${skipping.url}/score`, { conversation, seed: 5 })).json(),
        )
        const alone = ScoreResponse.parse(
          await (await postJson(`${measuredOnly.url}/score`, { conversation, seed: 5 })).json(),
        )
        expect(body.llm).toBe('skipped_small_model')
        expect(body.rubric).toMatchObject({ status: 'skipped', maxSwing: 0 })
        expect(body.rubric?.reason).toContain('135M')
        expect(body.aspects).toEqual(alone.aspects)
        expect(body.cefr).toEqual(alone.cefr)
      }
    } finally {
      await skipping.close()
      await measuredOnly.close()
    }
  }, 120_000)

  test('asked anyway: valid JSON on every call, and a bounded effect on every aspect', async () => {
    // Embeddings off on both (a model the pool lacks), so the rubric is the only difference.
    // A generous LLM budget: the first call also loads the model (the test helper's default is 20 s).
    const judged = await startWorker(real.llm.url, real.rules, {
      SCORING_MODEL: real.llm.model,
      EMBED_MODEL: 'no-such-model',
      SCORING_LLM_TIMEOUT_MS: '240000',
      SCORING_RUBRIC_SMALL_MODELS: 'ask',
    })
    const measuredOnly = await startWorker(`http://127.0.0.1:${await closedPort()}`, real.rules)
    try {
      for (const conversation of conversations) {
        const withRubric = ScoreResponse.parse(
          await (await postJson(`${judged.url}/score`, { conversation, seed: 5 })).json(),
        )
        const alone = ScoreResponse.parse(
          await (await postJson(`${measuredOnly.url}/score`, { conversation, seed: 5 })).json(),
        )
        // 'unavailable' would mean the answer did not parse or validate; used or rejected both mean valid JSON.
        expect(['used', 'rejected']).toContain(withRubric.rubric?.status)
        for (const [aspect, { score }] of Object.entries(withRubric.aspects)) {
          const measured = alone.aspects[aspect as keyof typeof alone.aspects].score
          expect(Math.abs(score - measured), aspect).toBeLessThanOrEqual(MAX_RUBRIC_SWING + 1)
        }
      }
    } finally {
      await judged.close()
      await measuredOnly.close()
    }
  }, 600_000)
})
