import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Logger, silentLogger } from '@parley/core'
import { loadLlmWorkerConfig } from './config.js'
import { makeTestModel, type TestModelSize } from './gguf/test-model.js'
import { parleyCacheDir, REAL_MODELS, SMOLLM2, weightsPathOf } from './real-weights/catalogue.js'
import { fetchRealWeights } from './real-weights/fetch.js'
import { importRealWeights } from './real-weights/import.js'
import { startLlmWorker } from './start.js'
import { withFileLock } from './store/file-lock.js'
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
  /** Where the worker logs (default: nowhere). */
  log?: Logger
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
    return await serveStore(dir, modelsDir, model, opts)
  } catch (err) {
    await rm(dir, { recursive: true, force: true })
    throw err
  }
}

/** Environment variable the real-model global setup (test/support/real-models.setup.ts) sets to the test store. */
export const REAL_MODELS_DIR_ENV = 'PARLEY_REAL_MODELS_DIR'

/**
 * The store holding the real weights (`smollm2:135m`, `gemma3:270m`) for tests, or undefined when they are not on
 * this machine (`npm run models:real` fetches them). Real-model suites use `describe.skipIf(!realModelsDir())`.
 */
export function realModelsDir(): string | undefined {
  return process.env[REAL_MODELS_DIR_ENV] || undefined
}

/**
 * Imports the cached real weights into `<cache>/test-models` (once: a second call copies nothing) and returns that
 * store, or undefined when the weights have not been fetched. Only the already-verified files are used; nothing is
 * downloaded here.
 */
export async function prepareRealModelStore(cacheDir = parleyCacheDir()): Promise<string | undefined> {
  for (const model of REAL_MODELS)
    if (!(await stat(weightsPathOf(cacheDir, model)).catch(() => undefined))) return undefined
  // Verifies each file (hashing it only when its checked-marker is stale) without fetching anything.
  const verified = await fetchRealWeights({
    cacheDir,
    pipDownload: () => Promise.reject(new Error('real weights changed on disk; run npm run models:real')),
  })
  const modelsDir = join(cacheDir, 'test-models')
  await withFileLock(join(cacheDir, 'test-models.lock'), () => importRealWeights(new ModelStore(modelsDir), verified))
  return modelsDir
}

export type RealLlmWorkerOptions = Omit<TestLlmWorkerOptions, 'size' | 'seed'> & {
  model?: string
  /** Serve this store instead of the shared test store (e.g. one where a real GGUF was imported under another name). */
  modelsDir?: string
}

/** A real LLM worker serving the real weights from the test store (default model `smollm2:135m`). */
export async function startRealLlmWorker(opts: RealLlmWorkerOptions = {}): Promise<TestLlmWorker> {
  const modelsDir = opts.modelsDir ?? realModelsDir()
  if (!modelsDir) throw new Error('no real weights: run `npm run models:real` (tests should skip with realModelsDir())')
  const dir = await mkdtemp(join(tmpdir(), 'parley-llm-real-'))
  try {
    return await serveStore(dir, modelsDir, opts.model ?? SMOLLM2.name, { contextSize: 2048, ...opts })
  } catch (err) {
    await rm(dir, { recursive: true, force: true })
    throw err
  }
}

/** Serves `modelsDir` on 127.0.0.1, port 0; `dir` (the data directory, holding a generated store) is removed on close. */
async function serveStore(
  dir: string,
  modelsDir: string,
  model: string,
  opts: TestLlmWorkerOptions,
): Promise<TestLlmWorker> {
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
  const service = await startLlmWorker(config, { log: opts.log ?? silentLogger() })
  return {
    url: service.url,
    model,
    modelsDir,
    async close() {
      await service.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
