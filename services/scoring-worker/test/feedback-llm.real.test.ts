import { FeedbackResponse } from '@parley/core'
import { realModelsDir } from '@parley/llm-worker/testing'
import { describe, expect, test } from 'vitest'
import { learner, postJson, startWorker } from './helpers.js'
import { useRealScoringDeps } from './real-deps.js'

const sentences = [
  'I am agree with you, the city is more better now.',
  'Yesterday I go to the market and buyed three apple.',
  'My friend want to visit Japen next year.',
]

// Real weights (npm run models:real): the schema-constrained answer parses and validates (no degraded answer),
// every span is exact, and the rules layer's findings are all kept.
describe.skipIf(!realModelsDir())('the /feedback LLM layer on SmolLM2-135M-Instruct', () => {
  const real = useRealScoringDeps()

  test('valid JSON on every call, exact spans, rules findings kept', async () => {
    const worker = await startWorker(real.llm.url, real.rules, {
      SCORING_MODEL: real.llm.model,
      SCORING_LLM_TIMEOUT_MS: '240000',
    })
    try {
      for (const text of sentences) {
        const res = FeedbackResponse.parse(await (await postJson(`${worker.url}/feedback`, { text, learner })).json())
        expect(res.degraded, text).toBe(false)
        for (const issue of res.issues) expect(text.slice(issue.start, issue.end)).toBe(issue.original)
        const fromRules = (await real.rules.lint(text)).map((f) => f.original)
        expect(res.issues.filter((i) => i.source === 'rules').map((i) => i.original)).toEqual(fromRules)
      }
    } finally {
      await worker.close()
    }
  }, 300_000)
})
