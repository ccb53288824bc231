import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readGgufFileInfo } from 'node-llama-cpp'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { makeTestModel } from '../src/gguf/test-model.js'
import { buildVocab, TokenType } from '../src/gguf/vocab.js'
import { importModel } from '../src/store/import-model.js'
import { ModelStore } from '../src/store/model-store.js'
import { parseModelName } from '../src/store/names.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-gguf-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const digest = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex')

test('the tiny model is deterministic per seed, about 1 MB, and has a vocabulary with byte fallback and ChatML', async () => {
  const [a, b, c] = ['a', 'b', 'c'].map((n) => join(dir, `${n}.gguf`)) as [string, string, string]
  await makeTestModel({ size: 'tiny', out: a, seed: 7 })
  await makeTestModel({ size: 'tiny', out: b, seed: 7 })
  await makeTestModel({ size: 'tiny', out: c, seed: 8 })
  expect(await digest(a)).toBe(await digest(b))
  expect(await digest(a)).not.toBe(await digest(c))
  const info = await readGgufFileInfo(a, { logWarnings: false })
  const meta = info.metadata as unknown as Record<string, Record<string, unknown>>
  expect(meta.general?.architecture).toBe('llama')
  expect(meta.tokenizer?.chat_template).toContain('<|im_start|>')
  expect((info.tensorInfo ?? []).length).toBe(2 + 2 * 9 + 1)
  expect((await readFile(a)).length).toBeLessThan(1.5e6)
})

test('the vocabulary has unique pieces, all 256 byte tokens, and control tokens for ChatML', () => {
  const v = buildVocab(512)
  expect(new Set(v.tokens).size).toBe(512)
  expect(v.types.filter((t) => t === TokenType.byte)).toHaveLength(256)
  expect(v.tokens[v.ids.imEnd]).toBe('<|im_end|>')
  expect(buildVocab(32000).tokens).toHaveLength(32000)
})

test('store names: Ollama forms parse; traversal, absolute paths and odd characters are rejected', () => {
  expect(parseModelName('qwen2.5:0.5b')).toEqual({
    host: 'registry.ollama.ai',
    namespace: 'library',
    model: 'qwen2.5',
    tag: '0.5b',
  })
  expect(parseModelName('me/model')).toMatchObject({ namespace: 'me', tag: 'latest' })
  expect(parseModelName('localhost:5000/me/model:v1')).toMatchObject({ host: 'localhost:5000', tag: 'v1' })
  for (const bad of [
    '',
    '..',
    '../x',
    'a/../../b',
    '/etc/passwd',
    'a/b/c/d',
    'x:..',
    'x:a/b',
    'a b',
    'a\\b',
    'é',
    'a:',
    '.hidden',
    'x'.repeat(400),
  ])
    expect(() => parseModelName(bad), bad).toThrow(/Invalid model name/)
})

test('import stores content-addressed blobs atomically; copy and delete keep shared blobs', async () => {
  const store = new ModelStore(join(dir, 'store'))
  const file = join(dir, 'a.gguf')
  const stored = await importModel(store, file, 'one')
  expect(stored.name).toBe('one:latest')
  expect(stored.details).toMatchObject({ family: 'llama', quantization_level: 'F32' })
  const { modelPath } = await store.resolve('one')
  expect(await digest(modelPath)).toBe(await digest(file))
  await store.copy('one', 'two:v2')
  await store.delete('one')
  expect((await store.list()).map((m) => m.name)).toEqual(['two:v2'])
  expect(await digest((await store.resolve('two:v2')).modelPath)).toBe(await digest(file))
  await expect(importModel(store, join(dir, 'missing.gguf'), 'x')).rejects.toThrow(/no such file/)
  await expect(importModel(store, join(dir, 'missing.gguf'), '../x')).rejects.toThrow(/Invalid model name/)
})
