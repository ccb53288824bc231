import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@parley/core'
import { Ollama } from 'ollama'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { makeTestModel } from '../src/gguf/test-model.js'
import { egressPolicy } from '../src/pull/egress.js'
import { Puller } from '../src/pull/puller.js'
import { ModelStore } from '../src/store/model-store.js'
import { startTestLlmWorker, type TestLlmWorker } from '../src/testing.js'
import { postJson, readNdjson } from './helpers.js'
import { startTestRegistry } from './test-registry.js'

let dir: string
let gguf: string
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-pull-'))
  gguf = join(dir, 'remote.gguf')
  await makeTestModel({ size: 'tiny', out: gguf, seed: 9 })
})
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function setup(registryOpts: Parameters<typeof startTestRegistry>[1] = {}) {
  const registry = await startTestRegistry(gguf, registryOpts)
  cleanups.push(registry.close)
  // The stand-in registry is on loopback, which pull refuses unless the operator allows the host.
  const worker: TestLlmWorker = await startTestLlmWorker({
    env: { LLM_REGISTRY_URL: registry.url, PULL_ALLOWED_HOSTS: '127.0.0.1' },
  })
  cleanups.push(worker.close)
  return { registry, worker }
}

const names = async (url: string) => (await new Ollama({ host: url }).list()).models.map((m) => m.name)

test('pulls from an Ollama-protocol registry with progress, then serves the model', async () => {
  const { registry, worker } = await setup()
  const res = await postJson(`${worker.url}/api/pull`, { model: 'remote-tiny' })
  const progress = await readNdjson(res)
  expect(progress[0]).toEqual({ status: 'pulling manifest' })
  const bytes = progress.filter((p) => p.digest === registry.weightsDigest)
  expect(bytes.at(-1)).toMatchObject({ total: registry.weightsSize, completed: registry.weightsSize })
  expect(progress.map((p) => p.status)).toContain('verifying sha256 digest')
  expect(progress.at(-1)).toEqual({ status: 'success' })
  expect(await names(worker.url)).toContain('remote-tiny:latest')
  const reply = await new Ollama({ host: worker.url }).generate({
    model: 'remote-tiny',
    prompt: 'hi',
    options: { num_predict: 3 },
  })
  expect(reply.eval_count).toBe(3)

  // Pulling again downloads nothing.
  const again = await postJson(`${worker.url}/api/pull`, { model: 'remote-tiny', stream: false })
  expect(await again.json()).toEqual({ status: 'success' })
  expect(registry.seen.weightsRequests).toBe(1)
})

test('a cut connection resumes with an HTTP Range request and the result verifies', async () => {
  const cutAt = 300_000
  const { registry, worker } = await setup({ cutFirstWeightsAt: cutAt })
  const res = await postJson(`${worker.url}/api/pull`, { model: 'remote-tiny', stream: false })
  expect(res.status).toBe(200)
  // It resumes from what reached the disk: some of the bytes sent before the cut, never more.
  expect(registry.seen.ranges).toHaveLength(1)
  const resumedAt = Number(/^bytes=(\d+)-$/.exec(registry.seen.ranges[0]!)?.[1])
  expect(resumedAt).toBeGreaterThan(0)
  expect(resumedAt).toBeLessThanOrEqual(cutAt)
  expect(registry.seen.weightsRequests).toBe(2)
  const reply = await new Ollama({ host: worker.url }).chat({
    model: 'remote-tiny',
    messages: [{ role: 'user', content: 'hi' }],
    options: { num_predict: 2 },
  })
  expect(reply.done).toBe(true)
})

test('a sha256 mismatch is an error and leaves no model and no blob behind', async () => {
  const { worker } = await setup({ lieAboutDigest: `sha256:${'ab'.repeat(32)}` })
  const progress = await readNdjson(await postJson(`${worker.url}/api/pull`, { model: 'remote-tiny' }))
  expect(String(progress.at(-1)?.error)).toMatch(/digest mismatch/)
  expect(await names(worker.url)).not.toContain('remote-tiny:latest')
  const blobs = await readdir(join(worker.modelsDir, 'blobs'))
  expect(blobs.filter((b) => b.startsWith(`sha256-${'ab'.repeat(32)}`))).toEqual([])

  const plain = await postJson(`${worker.url}/api/pull`, { model: 'remote-tiny', stream: false })
  expect(plain.status).toBe(502)
  expect(((await plain.json()) as { error: string }).error).toMatch(/digest mismatch/)
})

test('two concurrent pulls of one model make one download', async () => {
  const { registry, worker } = await setup({ trickle: true })
  const [a, b] = await Promise.all([
    postJson(`${worker.url}/api/pull`, { model: 'remote-tiny', stream: false }),
    postJson(`${worker.url}/api/pull`, { model: 'remote-tiny:latest', stream: false }),
  ])
  expect([a.status, b.status]).toEqual([200, 200])
  expect(registry.seen.weightsRequests).toBe(1)
})

test('two workers sharing one store download a blob once (cross-process lock)', async () => {
  const registry = await startTestRegistry(gguf, { trickle: true })
  cleanups.push(registry.close)
  const store = new ModelStore(join(dir, 'shared-store'))
  const limits = { policy: egressPolicy(['127.0.0.1']) }
  const pullers = [1, 2].map(() => new Puller({ store, registryUrl: registry.url, log: silentLogger(), limits }))
  await Promise.all(pullers.map((p) => p.pull({ name: 'remote-tiny' }, () => {})))
  expect(registry.seen.weightsRequests).toBe(1)
  expect((await store.list()).map((m) => m.name)).toEqual(['remote-tiny:latest'])
})

test('pulls a GGUF from a direct URL, checking an expected digest', async () => {
  const { registry, worker } = await setup()
  const url = `${registry.url}/files/model.gguf`
  const wrong = await postJson(`${worker.url}/api/pull`, {
    model: 'direct',
    url,
    digest: `sha256:${'0'.repeat(64)}`,
    stream: false,
  })
  expect(wrong.status).toBe(502)
  expect(await names(worker.url)).not.toContain('direct:latest')
  const ok = await postJson(`${worker.url}/api/pull`, {
    model: 'direct',
    url,
    digest: registry.weightsDigest,
    stream: false,
  })
  expect(ok.status).toBe(200)
  expect(await names(worker.url)).toContain('direct:latest')
})

test('unknown models, bad names and bad URLs are clear errors that change nothing', async () => {
  const { worker } = await setup()
  const missing = await postJson(`${worker.url}/api/pull`, { model: 'missing', stream: false })
  expect(missing.status).toBe(404)
  const streamed = await readNdjson(await postJson(`${worker.url}/api/pull`, { model: 'missing' }))
  expect(String(streamed.at(-1)?.error)).toMatch(/file does not exist/)
  for (const model of ['../../../tmp/x', '/etc/passwd', 'a/b/c/d', 'x:../y', 'a\u0000b']) {
    const res = await postJson(`${worker.url}/api/pull`, { model })
    expect(res.status).toBe(400)
  }
  const fileUrl = await postJson(`${worker.url}/api/pull`, { model: 'x', url: 'file:///etc/passwd' })
  expect(fileUrl.status).toBe(400)
  expect(await names(worker.url)).toEqual([worker.model])
})
