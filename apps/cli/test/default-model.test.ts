import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@parley/core'
import { DEMO_MODEL, pullLimitsOf } from '@parley/llm-worker'
import { realModelsDir } from '@parley/llm-worker/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chooseModel } from '../src/default-model.js'
import { refusedAddress } from './refused-port.js'

let dir: string
let refusedUrl: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-choose-'))
  refusedUrl = `http://${await refusedAddress()}`
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const base = { log: silentLogger(), registryUrl: '', pull: false, defaultModel: 'smollm2:135m' }

test('an empty store, offline: the demo model, flagged, with the pull error as the reason', async () => {
  const choice = await chooseModel({
    ...base,
    modelsDir: join(dir, 'empty'),
    registryUrl: refusedUrl,
    pull: true,
    // The stand-in registry is on loopback, which pull refuses unless allowed.
    limits: pullLimitsOf({ PULL_ALLOWED_HOSTS: ['127.0.0.1'], PULL_MAX_REDIRECTS: 5, PULL_MAX_BYTES: 2 ** 30 }),
    progress: { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream,
  })
  expect(choice).toMatchObject({ model: DEMO_MODEL, source: 'demo', randomWeights: true })
  expect(choice.reason).toMatch(/looks offline/)
})

test('a store holding only the demo model still counts as having no real model (no pull when told not to)', async () => {
  const choice = await chooseModel({ ...base, modelsDir: join(dir, 'empty') })
  expect(choice).toMatchObject({ source: 'demo', randomWeights: true })
})

describe.skipIf(!realModelsDir())('with real weights in the store', () => {
  test('the default model is used from the store, without pulling', async () => {
    const choice = await chooseModel({ ...base, modelsDir: realModelsDir()!, pull: true, registryUrl: refusedUrl })
    expect(choice).toEqual({ model: 'smollm2:135m', source: 'store', randomWeights: false })
  })

  test('offline with another default: an instruct model already there wins over a base model', async () => {
    const choice = await chooseModel({ ...base, modelsDir: realModelsDir()!, defaultModel: 'qwen2.5:0.5b' })
    expect(choice).toMatchObject({ model: 'smollm2:135m', source: 'store', randomWeights: false })
  })
})
