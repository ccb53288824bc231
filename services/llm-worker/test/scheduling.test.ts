import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { makeTestModel } from '../src/gguf/test-model.js'
import { importModel } from '../src/store/import-model.js'
import { ModelStore } from '../src/store/model-store.js'
import { startTestLlmWorker, type TestLlmWorker } from '../src/testing.js'
import { gauge, postJson, readNdjson, waitFor } from './helpers.js'

let worker: TestLlmWorker | undefined
afterEach(async () => {
  await worker?.close()
  worker = undefined
})

/** Starts a generation that would run for a very long time and returns once its first chunk arrived. */
async function startEndlessStream(url: string, model: string) {
  const abort = new AbortController()
  const res = await postJson(
    `${url}/api/generate`,
    { model, prompt: 'Tell me a very long story', options: { num_predict: 1_000_000 } },
    { signal: abort.signal },
  )
  expect(res.status).toBe(200)
  const reader = res.body!.getReader()
  const first = await reader.read()
  expect(first.done).toBe(false)
  return { abort: () => abort.abort(), reader }
}

test('a full queue answers 503 with Retry-After; a disconnect frees its slot for the next request at once', async () => {
  worker = await startTestLlmWorker({ parallel: 1, maxQueue: 1 })
  const { url, model } = worker
  const holder = await startEndlessStream(url, model)
  expect(await gauge(url, 'llm_active_sequences')).toBe(1)

  // The second request waits in the queue (no response yet) ...
  const queued = postJson(`${url}/api/generate`, { model, prompt: 'hi', stream: false, options: { num_predict: 3 } })
  await waitFor(async () => (await gauge(url, 'llm_queue_depth')) === 1, 'the second request to queue')

  // ... so the third finds the queue full.
  const rejected = await postJson(`${url}/api/generate`, { model, prompt: 'hi', stream: false })
  expect(rejected.status).toBe(503)
  expect(Number(rejected.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
  expect(((await rejected.json()) as { error: string }).error).toMatch(/server busy/)

  // Disconnecting the endless stream hands its sequence to the queued request, which then completes.
  holder.abort()
  const served = await queued
  expect(served.status).toBe(200)
  expect(((await served.json()) as { eval_count: number }).eval_count).toBe(3)
  await waitFor(async () => (await gauge(url, 'llm_active_sequences')) === 0, 'the slots to be free')
})

test('a request that disconnects while queued leaves the queue', async () => {
  worker = await startTestLlmWorker({ parallel: 1, maxQueue: 1 })
  const { url, model } = worker
  const holder = await startEndlessStream(url, model)
  const abort = new AbortController()
  const waiting = postJson(
    `${url}/api/chat`,
    { model, messages: [{ role: 'user', content: 'x' }] },
    { signal: abort.signal },
  )
  await waitFor(async () => (await gauge(url, 'llm_queue_depth')) === 1, 'the request to queue')
  abort.abort()
  await expect(waiting).rejects.toThrow()
  await waitFor(async () => (await gauge(url, 'llm_queue_depth')) === 0, 'the queue to empty')
  holder.abort()
  const next = await postJson(`${url}/api/generate`, { model, prompt: 'x', stream: false, options: { num_predict: 2 } })
  expect(next.status).toBe(200)
})

test('parallel sequences serve concurrent streams of one model', async () => {
  worker = await startTestLlmWorker({ parallel: 4 })
  const { url, model } = worker
  const replies = await Promise.all(
    [1, 2, 3, 4].map((seed) =>
      postJson(`${url}/api/chat`, {
        model,
        messages: [{ role: 'user', content: `hello ${seed}` }],
        options: { num_predict: 20, seed },
      }),
    ),
  )
  for (const res of replies) {
    const chunks = await readNdjson(res)
    expect(chunks.at(-1)).toMatchObject({ done: true, eval_count: 20 })
  }
  expect(await gauge(url, 'llm_active_sequences')).toBe(0)
})

test('with room for one model, loading a second unloads the least recently used', async () => {
  worker = await startTestLlmWorker({ env: { LLM_MAX_LOADED_MODELS: '1' } })
  const { url, model } = worker
  const file = join(worker.modelsDir, '..', 'second.gguf')
  await makeTestModel({ size: 'tiny', out: file, seed: 2 })
  await importModel(new ModelStore(worker.modelsDir), file, 'second:latest')
  const loaded = async () =>
    ((await (await fetch(`${url}/api/ps`)).json()) as { models: { name: string }[] }).models.map((m) => m.name)

  await postJson(`${url}/api/generate`, { model, prompt: 'a', stream: false, options: { num_predict: 1 } })
  expect(await loaded()).toEqual([model])
  const res = await postJson(`${url}/api/generate`, {
    model: 'second',
    prompt: 'b',
    stream: false,
    options: { num_predict: 1 },
  })
  expect(res.status).toBe(200)
  expect(await loaded()).toEqual(['second:latest'])
})

test('keep_alive 0 unloads the model when the request ends', async () => {
  worker = await startTestLlmWorker()
  const { url, model } = worker
  const res = await postJson(`${url}/api/generate`, {
    model,
    prompt: 'a',
    stream: false,
    keep_alive: 0,
    options: { num_predict: 1 },
  })
  expect(res.status).toBe(200)
  await waitFor(async () => (await gauge(url, 'llm_loaded_models')) === 0, 'the model to unload')
})

test('options.num_ctx reloads an idle model with that context size', async () => {
  worker = await startTestLlmWorker({ contextSize: 512 })
  const { url, model } = worker
  const ps = async () =>
    ((await (await fetch(`${url}/api/ps`)).json()) as { models: { context_length: number }[] }).models
  await postJson(`${url}/api/generate`, { model, prompt: 'a', stream: false, options: { num_predict: 1 } })
  expect((await ps())[0]?.context_length).toBe(512)
  await postJson(`${url}/api/generate`, {
    model,
    prompt: 'a',
    stream: false,
    options: { num_predict: 1, num_ctx: 256 },
  })
  expect((await ps()).map((m) => m.context_length)).toEqual([256])
})

test('two workers given one set of deps (the embedded stack) share one loaded model', async () => {
  const { createLlmWorkerDeps, startLlmWorker } = await import('../src/start.js')
  const { loadLlmWorkerConfig } = await import('../src/config.js')
  const { silentLogger } = await import('@parley/core')
  worker = await startTestLlmWorker()
  const config = loadLlmWorkerConfig({ MODELS_DIR: worker.modelsDir, LLM_WORKER_PORT: '0', LLM_THREADS: '1' })
  const deps = createLlmWorkerDeps(config, { log: silentLogger() })
  const [east, west] = [await startLlmWorker(config, deps), await startLlmWorker(config, deps)]
  try {
    for (const w of [east, west]) {
      const res = await postJson(`${w.url}/api/generate`, {
        model: worker.model,
        prompt: 'hi',
        stream: false,
        options: { num_predict: 2 },
      })
      expect(res.status).toBe(200)
    }
    expect(deps.scheduler.loaded()).toHaveLength(1)
    await east.close()
    // The scheduler was passed in, so closing one worker leaves the model loaded for the other.
    expect(deps.scheduler.loaded()).toHaveLength(1)
    const still = await postJson(`${west.url}/api/chat`, {
      model: worker.model,
      messages: [{ role: 'user', content: 'x' }],
      stream: false,
      options: { num_predict: 1 },
    })
    expect(still.status).toBe(200)
  } finally {
    await east.close()
    await west.close()
    await deps.scheduler.close()
  }
})
