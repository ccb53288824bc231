import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FeedbackResponse, type RunningService } from '@parley/core'
import { importModel, ModelStore, parleyCacheDir, SMOLLM2, weightsPathOf } from '@parley/llm-worker'
import { realModelsDir, startRealLlmWorker, startTestLlmWorker, type TestLlmWorker } from '@parley/llm-worker/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { RulesLinter } from '../src/rules/harper-linter.js'
import { learner, postJson, startWorker } from './helpers.js'

// The demo model is recognised by the worker's random_weights flag, not by its name: real SmolLM2 weights served
// under the demo's name are asked, and a random-weight model served as "smollm2:135m" is skipped at once.
describe.skipIf(!realModelsDir())('the random-weights skip follows the weights, not the name', () => {
  let dir: string
  let real: TestLlmWorker
  let random: TestLlmWorker
  let rules: RulesLinter
  const workers: RunningService[] = []
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-rw-'))
    await importModel(new ModelStore(dir), weightsPathOf(parleyCacheDir(), SMOLLM2), 'parley-tiny:latest')
    ;[real, random, rules] = await Promise.all([
      startRealLlmWorker({ modelsDir: dir, model: 'parley-tiny:latest' }),
      startTestLlmWorker({ model: 'smollm2:135m', contextSize: 2048 }),
      RulesLinter.create(),
    ])
  })
  afterAll(async () => {
    for (const w of workers) await w.close()
    await real?.close()
    await random?.close()
    await rules?.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  async function feedback(llm: TestLlmWorker) {
    const worker = await startWorker(llm.url, rules, {
      SCORING_MODEL: llm.model,
      EMBED_MODEL: llm.model,
      SCORING_MAX_TOKENS: '64',
    })
    workers.push(worker)
    const res = await postJson(`${worker.url}/feedback`, { text: 'Yesterday I go to the cinema.', learner })
    expect(res.status).toBe(200)
    return FeedbackResponse.parse(await res.json())
  }

  test('real weights named parley-tiny are asked (the LLM layer is used or fails, never skipped)', async () => {
    const body = await feedback(real)
    expect(['used', 'failed']).toContain(body.llm)
  })

  test('random weights named smollm2:135m are skipped, rules only, not degraded', async () => {
    const body = await feedback(random)
    expect(body).toMatchObject({ llm: 'skipped_random_weights', degraded: false })
  })
})
