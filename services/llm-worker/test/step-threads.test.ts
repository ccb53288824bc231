import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@parley/core'
import { expect, test } from 'vitest'
import { makeTestModel } from '../src/gguf/test-model.js'
import { sharedLlama } from '../src/runtime/llama.js'
import { chooseStepThreads, OneTokenStepThreads } from '../src/scheduler/step-threads.js'

// The one-token step chooser (used with the prebuilt binary): fed synthetic step times, so nothing here depends on
// how fast the machine is.

test('prompts, several streams and one-thread contexts keep their thread count', () => {
  const chooser = new OneTokenStepThreads()
  expect(chooser.choose(40, 2)).toBe(2)
  expect(chooser.choose(4, 2)).toBe(2)
  expect(chooser.choose(1, 1)).toBe(1)
})

test('one-token steps try both counts, then run on the faster one and probe the other every 32nd step', () => {
  const chooser = new OneTokenStepThreads()
  const run = (times: Record<number, number>) => {
    const threads = chooser.choose(1, 2)
    chooser.record(1, threads, times[threads]!)
    return threads
  }
  // One thread first, then every thread, then the faster of the two.
  expect(run({ 1: 6, 2: 9 })).toBe(1)
  expect(run({ 1: 6, 2: 9 })).toBe(2)
  const picks = Array.from({ length: 62 }, () => run({ 1: 6, 2: 9 }))
  expect(picks.filter((t) => t === 2)).toHaveLength(2)
  expect(chooser.median(1)).toBe(6)
  expect(chooser.median(2)).toBe(9)
  // Larger batches are not counted.
  chooser.record(4, 2, 100)
  expect(chooser.median(2)).toBe(9)
})

test('when the other count becomes faster, the probes find it and the choice follows', () => {
  const chooser = new OneTokenStepThreads()
  const run = (times: Record<number, number>) => {
    const threads = chooser.choose(1, 2)
    chooser.record(1, threads, times[threads]!)
    return threads
  }
  for (let i = 0; i < 40; i++) run({ 1: 5, 2: 8 })
  const later = Array.from({ length: 200 }, () => run({ 1: 5, 2: 3 }))
  // Only the probes (one step in 32) still run on one thread.
  expect(later.slice(-64).filter((t) => t === 1)).toHaveLength(2)
})

test('the patched batch loop asks the chooser for every batch and tells it what each took', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parley-step-threads-'))
  try {
    const file = join(dir, 'tiny.gguf')
    await makeTestModel({ size: 'tiny', out: file, seed: 5 })
    const llama = await sharedLlama(silentLogger())
    const model = await llama.loadModel({ modelPath: file })
    const context = await model.createContext({ contextSize: 256, sequences: 1, threads: 2 })
    try {
      const asked: [number, number][] = []
      const told: [number, number][] = []
      chooseStepThreads(context, {
        choose: (tokens: number, threads: number) => {
          asked.push([tokens, threads])
          return tokens === 1 ? 1 : threads
        },
        record: (tokens: number, threads: number, ms: number) => {
          expect(ms).toBeGreaterThanOrEqual(0)
          told.push([tokens, threads])
        },
      } as unknown as OneTokenStepThreads)
      // What reaches the addon: the thread count set before each batch.
      const addon = (context as unknown as { _ctx: Record<string, (...args: unknown[]) => unknown> })._ctx
      const setThreads = addon.setThreads!.bind(addon)
      const set: number[] = []
      Object.defineProperty(addon, 'setThreads', {
        value: (n: number) => {
          set.push(n)
          return setThreads(n)
        },
        configurable: true,
      })
      const seq = context.getSequence()
      let left = 5
      for await (const _ of seq.evaluate(model.tokenize('Once upon a time there was'), { temperature: 0 }))
        if (--left === 0) break

      const prompt = asked[0]!
      expect(prompt[0]).toBeGreaterThan(1)
      expect(set[0]).toBe(prompt[1])
      expect(asked.slice(1).map(([tokens]) => tokens)).toEqual([1, 1, 1, 1])
      expect(set.slice(1)).toEqual([1, 1, 1, 1])
      expect(told).toEqual([[prompt[0], prompt[1]], ...Array(4).fill([1, 1])])
    } finally {
      await context.dispose()
      await model.dispose()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
