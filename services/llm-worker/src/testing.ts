import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@parley/core'
import { loadLlmWorkerConfig } from './config.js'
import { makeTestModel, type TestModelSize } from './gguf/test-model.js'
import { startLlmWorker } from './start.js'
import { importModel } from './store/import-model.js'
import { ModelStore } from './store/model-store.js'

export type TestLlmWorkerOptions = {
  /** Name the generated model is served under (default `parley-tiny:latest`). */
  model?: string
  /** `tiny` (default) for tests; `bench` (~0.5B-shaped) for benchmarks. */
  size?: TestModelSize
  seed?: number
  /** llama.cpp threads (default 1: 2 threads on a busy 2-core machine swing by 50×). */
  threads?: number
  parallel?: number
  maxQueue?: number
  /** Tokens per sequence; also the default cap on a reply's length (default 512). */
  contextSize?: number
  /** Extra environment, e.g. { LLM_REGISTRY_URL: … } or { LLM_KEEP_ALIVE: '0' }. */
  env?: Record<string, string>
}

export type TestLlmWorker = { url: string; model: string; modelsDir: string; close(): Promise<void> }

/**
 * A real LLM worker for other services' tests and benchmarks: generates a random-weight model (tiny by default) into a temp store and serves it
 * on 127.0.0.1, port 0, with one llama.cpp thread (2 threads on a busy 2-core machine swing by 50×).
 */
export async function startTestLlmWorker(opts: TestLlmWorkerOptions = {}): Promise<TestLlmWorker> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-llm-test-'))
  const modelsDir = join(dir, 'models')
  const model = opts.model ?? 'parley-tiny:latest'
  try {
    const file = join(dir, 'tiny.gguf')
    await makeTestModel({ size: opts.size ?? 'tiny', out: file, seed: opts.seed ?? 1 })
    await importModel(new ModelStore(modelsDir), file, model)
    await rm(file)
    const config = loadLlmWorkerConfig({
      PARLEY_DATA_DIR: dir,
      MODELS_DIR: modelsDir,
      LLM_WORKER_PORT: '0',
      LLM_THREADS: String(opts.threads ?? 1),
      LLM_PARALLEL: String(opts.parallel ?? 4),
      LLM_MAX_QUEUE: String(opts.maxQueue ?? 64),
      LLM_CONTEXT_SIZE: String(opts.contextSize ?? 512),
      SHUTDOWN_TIMEOUT_MS: '2000',
      ...opts.env,
    })
    const service = await startLlmWorker(config, { log: silentLogger() })
    return {
      url: service.url,
      model,
      modelsDir,
      async close() {
        await service.close()
        await rm(dir, { recursive: true, force: true })
      },
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true })
    throw err
  }
}
