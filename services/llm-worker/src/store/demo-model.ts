import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeTestModel } from '../gguf/test-model.js'
import { importModel } from './import-model.js'
import { ModelStore } from './model-store.js'

export const DEMO_MODEL = 'parley-tiny:latest'

/**
 * Makes sure the store holds at least one model, generating and importing a tiny random-weight model named
 * `parley-tiny:latest` when it holds none, so that the embedded stack starts offline. Returns a model name to use.
 */
export async function ensureDemoModel(modelsDir: string): Promise<string> {
  const store = new ModelStore(modelsDir)
  const existing = await store.list()
  if (existing[0]) return existing[0].name
  const tmp = await mkdtemp(join(tmpdir(), 'parley-demo-'))
  try {
    const file = join(tmp, 'tiny.gguf')
    await makeTestModel({ size: 'tiny', out: file, seed: 1 })
    await importModel(store, file, DEMO_MODEL)
  } finally {
    await rm(tmp, { recursive: true, force: true })
  }
  return DEMO_MODEL
}
