import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@parley/core'
import { afterEach, expect, test } from 'vitest'
import { makeTestModel } from '../src/gguf/test-model.js'
import { sharedLlama } from '../src/runtime/llama.js'
import { Scheduler } from '../src/scheduler/scheduler.js'
import { importModel } from '../src/store/import-model.js'
import { ModelStore } from '../src/store/model-store.js'

let dir: string | undefined
let scheduler: Scheduler | undefined
afterEach(async () => {
  await scheduler?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
  scheduler = undefined
  dir = undefined
})

test('LLM_THREADS=0: the context may use every core, and the thread ceiling is the free cores (1 to all)', async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-auto-threads-'))
  const store = new ModelStore(join(dir, 'models'))
  await makeTestModel({ size: 'tiny', out: join(dir, 'tiny.gguf'), seed: 1 })
  await importModel(store, join(dir, 'tiny.gguf'), 'tiny:latest')
  const log = silentLogger()
  const llama = await sharedLlama(log, { native: false })
  scheduler = new Scheduler({
    store,
    llama: () => sharedLlama(log, { native: false }),
    log,
    threads: 0,
    parallel: 1,
    maxQueue: 4,
    contextSize: 256,
    keepAliveMs: 60_000,
    maxLoadedModels: 1,
    memoryBudgetBytes: 0,
  })
  const lease = await scheduler.acquire('tiny:latest')
  try {
    const cores = Math.max(1, llama.cpuMathCores)
    // Not clamped to the ceiling at load time: otherwise a busy moment at load would cap the model for good.
    expect(lease.model.context.idealThreads).toBe(cores)
    expect(llama.maxThreads).toBeGreaterThanOrEqual(1)
    expect(llama.maxThreads).toBeLessThanOrEqual(cores)
    let n = 0
    for await (const _ of lease.sequence.evaluate(lease.model.model.tokenize('Hello there'), { temperature: 0 }))
      if (++n >= 4) break
    expect(n).toBe(4)
    expect(lease.model.context.currentThreads).toBeLessThanOrEqual(llama.maxThreads)
  } finally {
    lease.release()
  }
})
