import { startRealLlmWorker, type TestLlmWorker } from '@parley/llm-worker/testing'
import { afterAll, beforeAll } from 'vitest'
import { RulesLinter } from '../src/rules/harper-linter.js'

export type RealScoringDeps = { rules: RulesLinter; llm: TestLlmWorker }

/**
 * The rules linter and a real SmolLM2 llm-worker for the real-weight tests of one describe block, started before its
 * tests and closed after them. One llama.cpp thread: threads spin, and on a shared machine two can be many times
 * slower than one. Read the fields inside tests only (they are set in beforeAll).
 */
export function useRealScoringDeps(): RealScoringDeps {
  const deps = {} as RealScoringDeps
  beforeAll(async () => {
    deps.rules = await RulesLinter.create()
    deps.llm = await startRealLlmWorker({ threads: 1, contextSize: 2048 })
  })
  afterAll(async () => {
    await deps.llm?.close()
    await deps.rules?.dispose()
  })
  return deps
}
