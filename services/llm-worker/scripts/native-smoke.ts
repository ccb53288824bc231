// Run by buildNativeLlama in a child process: loads the fresh native build (linked under SMOKE_CMAKE_OPTIONS) and
// evaluates a prompt of about 100 tokens at 2 threads, then decodes a few. Exit 0 only if that worked on the native
// build. With SmolLM2's Q4_1 weights in the cache (npm run models:real) the prompt goes through ggml's quantised
// matmuls (the AMX tile kernels on AMX CPUs, which the generated F16 tiny model never reaches): a build whose AMX
// code is broken passed the tiny model and then died of SIGILL on the first real prompt.
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getLlama } from 'node-llama-cpp'
import { makeTestModel } from '../src/gguf/test-model.js'
import { parleyCacheDir, SMOLLM2, weightsPathOf } from '../src/real-weights/catalogue.js'
import { SMOKE_CMAKE_OPTIONS } from '../src/runtime/native-build.js'

const dir = await mkdtemp(join(tmpdir(), 'parley-native-smoke-'))
try {
  const llama = await getLlama({ build: 'never', gpu: false, cmakeOptions: { ...SMOKE_CMAKE_OPTIONS } })
  if (llama.buildType !== 'localBuild') throw new Error(`node-llama-cpp loaded its ${llama.buildType} binary instead`)
  let file = weightsPathOf(parleyCacheDir(), SMOLLM2)
  if (!existsSync(file)) {
    file = join(dir, 'tiny.gguf')
    await makeTestModel({ size: 'tiny', out: file, seed: 1 })
  }
  const model = await llama.loadModel({ modelPath: file })
  const context = await model.createContext({ contextSize: 512, threads: 2 })
  const prompt = model.tokenize(Array.from({ length: 20 }, (_, k) => `sentence ${k} about the weekend`).join(', '))
  let n = 0
  for await (const _ of context.getSequence().evaluate(prompt, { temperature: 0 })) if (++n >= 8) break
  console.log(`native build evaluated ${prompt.length} prompt tokens of ${file} and decoded ${n}`)
} finally {
  await rm(dir, { recursive: true, force: true })
}
