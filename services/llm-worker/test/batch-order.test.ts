import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@parley/core'
import { expect, test } from 'vitest'
import { makeTestModel } from '../src/gguf/test-model.js'
import { sharedLlama } from '../src/runtime/llama.js'

/**
 * With a KV stream per sequence (node-llama-cpp's contexts), llama.cpp computes one graph per run of consecutive
 * increasing sequence ids in a batch: tokens queued as sequences 3, 1, 0, 2 took three graphs, and four streams
 * decoded at about two thirds of the speed they reach in sequence order. The patched batch loop adds each batch's items in sequence
 * order, whatever order they were queued in. Asserted on what reaches the addon, never on timings.
 */
test('every batch reaches llama.cpp in increasing sequence order, whatever order the sequences queued in', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parley-batch-order-'))
  try {
    const file = join(dir, 'tiny.gguf')
    await makeTestModel({ size: 'tiny', out: file, seed: 3 })
    const llama = await sharedLlama(silentLogger())
    const model = await llama.loadModel({ modelPath: file })
    const context = await model.createContext({ contextSize: 512, sequences: 4, threads: 1 })
    try {
      const sequences = Array.from({ length: 4 }, () => context.getSequence())
      // Record the sequence ids each batch is built from, at the addon's boundary.
      const addon = (context as unknown as { _ctx: Record<string, (...args: unknown[]) => unknown> })._ctx
      const batches: number[][] = []
      const initBatch = addon.initBatch!.bind(addon)
      const addToBatch = addon.addToBatch!.bind(addon)
      const wrap = (name: string, fn: (...args: unknown[]) => unknown) =>
        Object.defineProperty(addon, name, { value: fn, configurable: true, writable: true })
      wrap('initBatch', (...args) => {
        batches.push([])
        return initBatch(...args)
      })
      wrap('addToBatch', (...args) => {
        batches.at(-1)!.push(args[0] as number)
        return addToBatch(...args)
      })

      const generate = async (index: number, tokens: number) => {
        const seq = sequences[index]!
        let left = tokens
        for await (const _ of seq.evaluate(model.tokenize(`Story number ${index}: once upon a time`), {
          temperature: 0,
        })) {
          if (--left === 0) break
        }
      }
      // Queued as 3, 1, 0, 2, and of different lengths so that later batches hold fewer sequences.
      await Promise.all([generate(3, 12), generate(1, 6), generate(0, 9), generate(2, 4)])

      // The four prompts share the first batch (a fresh context hands out ids 0 to 3); the shorter generations
      // leave the later ones.
      expect(batches[0]).toEqual([0, 1, 2, 3])
      expect(batches.length).toBeGreaterThan(5)
      for (const batch of batches) expect(batch).toEqual([...batch].sort((a, b) => a - b))
    } finally {
      await context.dispose()
      await model.dispose()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
