import { silentLogger } from '@parley/core'
import { afterEach, expect, test } from 'vitest'
import { loadLlmWorkerConfig } from '../src/config.js'
import { createLlmWorkerDeps } from '../src/start.js'

const before = process.env.PARLEY_LLAMA_POLL
afterEach(() => {
  if (before === undefined) delete process.env.PARLEY_LLAMA_POLL
  else process.env.PARLEY_LLAMA_POLL = before
})

test('by default the native build is used when built, and its pool polls at ggml’s level 50', () => {
  const config = loadLlmWorkerConfig({})
  expect(config.LLM_NATIVE_LLAMA).toBe('auto')
  expect(config.LLM_THREAD_POLL).toBe(50)
})

test('LLM_THREAD_POLL outside 0–100 or not a whole number is refused at start-up, naming the variable', () => {
  for (const bad of ['101', '-1', '2.5', 'spin'])
    expect(() => loadLlmWorkerConfig({ LLM_THREAD_POLL: bad })).toThrow(/LLM_THREAD_POLL/)
  expect(loadLlmWorkerConfig({ LLM_THREAD_POLL: '0' }).LLM_THREAD_POLL).toBe(0)
})

test('the poll level reaches the thread-pool patch (PARLEY_LLAMA_POLL) before any model loads', async () => {
  delete process.env.PARLEY_LLAMA_POLL
  const config = loadLlmWorkerConfig({ LLM_THREAD_POLL: '7', LLM_NATIVE_LLAMA: 'off' })
  const deps = createLlmWorkerDeps(config, { log: silentLogger() })
  expect(process.env.PARLEY_LLAMA_POLL).toBeUndefined()
  await deps.llama()
  expect(process.env.PARLEY_LLAMA_POLL).toBe('7')
})
