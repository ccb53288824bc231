// Run by buildNativeLlama in a child process: loads the fresh native build (linked under SMOKE_CMAKE_OPTIONS) and
// decodes a few tokens of a generated tiny model at 2 threads. Exit 0 only if that worked on the native build.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getLlama } from 'node-llama-cpp'
import { makeTestModel } from '../src/gguf/test-model.js'
import { SMOKE_CMAKE_OPTIONS } from '../src/runtime/native-build.js'

const dir = await mkdtemp(join(tmpdir(), 'parley-native-smoke-'))
try {
  const llama = await getLlama({ build: 'never', gpu: false, cmakeOptions: { ...SMOKE_CMAKE_OPTIONS } })
  if (llama.buildType !== 'localBuild') throw new Error(`node-llama-cpp loaded its ${llama.buildType} binary instead`)
  const file = join(dir, 'tiny.gguf')
  await makeTestModel({ size: 'tiny', out: file, seed: 1 })
  const model = await llama.loadModel({ modelPath: file })
  const context = await model.createContext({ contextSize: 256, threads: 2 })
  let n = 0
  for await (const _ of context.getSequence().evaluate(model.tokenize('Hello there'), { temperature: 0 }))
    if (++n >= 8) break
  console.log(`native build decoded ${n} tokens`)
} finally {
  await rm(dir, { recursive: true, force: true })
}
