import { expect, test } from 'vitest'
import { chooseStepThreads, OneTokenStepThreads } from '../src/scheduler/step-threads.js'
import { withTinyContext, wrapAddon } from './tiny-context.js'

// The one-token step chooser (used with the prebuilt binary): fed synthetic step times, so nothing here depends on
// how fast the machine is.

test('prompts, several streams and one-thread contexts keep their thread count', () => {
  const chooser = new OneTokenStepThreads()
  expect(chooser.choose(40, 2)).toBe(2)
  expect(chooser.choose(4, 2)).toBe(2)
  expect(chooser.choose(1, 1)).toBe(1)
})

/** One one-token step on a 2-thread context that took `times[threads]` ms. */
const stepper = (chooser: OneTokenStepThreads) => (times: Record<number, number>) => {
  const threads = chooser.choose(1, 2)
  chooser.record(1, threads, times[threads]!)
  return threads
}

test('one-token steps try both counts, then run on the faster one and probe the other every 32nd step', () => {
  const chooser = new OneTokenStepThreads()
  const run = stepper(chooser)
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
  const run = stepper(new OneTokenStepThreads())
  for (let i = 0; i < 40; i++) run({ 1: 5, 2: 8 })
  const later = Array.from({ length: 200 }, () => run({ 1: 5, 2: 3 }))
  // Only the probes (one step in 32) still run on one thread.
  expect(later.slice(-64).filter((t) => t === 1)).toHaveLength(2)
})

test('the patched batch loop asks the chooser for every batch and tells it what each took', async () => {
  await withTinyContext({ seed: 5, contextSize: 256, sequences: 1, threads: 2 }, async (context, model) => {
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
    const set: number[] = []
    wrapAddon(context, 'setThreads', (setThreads) => (...args) => {
      set.push(args[0] as number)
      return setThreads(...args)
    })
    let left = 5
    const prompt = model.tokenize('Once upon a time there was')
    for await (const _ of context.getSequence().evaluate(prompt, { temperature: 0 })) if (--left === 0) break

    const [promptTokens, promptThreads] = asked[0]!
    expect(promptTokens).toBeGreaterThan(1)
    expect(set[0]).toBe(promptThreads)
    expect(asked.slice(1).map(([tokens]) => tokens)).toEqual([1, 1, 1, 1])
    expect(set.slice(1)).toEqual([1, 1, 1, 1])
    expect(told).toEqual([[promptTokens, promptThreads], ...Array(4).fill([1, 1])])
  })
})
