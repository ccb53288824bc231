import { FeedbackResponse } from '@parley/core'
import { realModelsDir, startRealLlmWorker, type TestLlmWorker } from '@parley/llm-worker/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { RulesLinter } from '../src/rules/harper-linter.js'
import { learner, postJson, startWorker } from './helpers.js'

const sentences = [
  'I am agree with you, the city is more better now.',
  'Yesterday I go to the market and buyed three apple.',
  'My friend want to visit Japen next year.',
]

// Real weights (npm run models:real): the schema-constrained answer parses and validates (no degraded answer),
// every span is exact, and the rules layer's findings are all kept.
describe.skipIf(!realModelsDir())('the /feedback LLM layer on SmolLM2-135M-Instruct', () => {
  let rules: RulesLinter
  let llm: TestLlmWorker
  beforeAll(async () => {
    rules = await RulesLinter.create()
    llm = await startRealLlmWorker({ threads: 1, contextSize: 2048 })
  })
  afterAll(async () => {
    await llm?.close()
    await rules?.dispose()
  })

  test('valid JSON on every call, exact spans, rules findings kept', async () => {
    const worker = await startWorker(llm.url, rules, { SCORING_MODEL: llm.model, SCORING_LLM_TIMEOUT_MS: '240000' })
    try {
      for (const text of sentences) {
        const res = FeedbackResponse.parse(await (await postJson(`${worker.url}/feedback`, { text, learner })).json())
        expect(res.degraded, text).toBe(false)
        for (const issue of res.issues) expect(text.slice(issue.start, issue.end)).toBe(issue.original)
        const fromRules = (await rules.lint(text)).map((f) => f.original)
        expect(res.issues.filter((i) => i.source === 'rules').map((i) => i.original)).toEqual(fromRules)
      }
    } finally {
      await worker.close()
    }
  }, 300_000)
})
