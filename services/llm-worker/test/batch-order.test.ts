import { expect, test } from 'vitest'
import { withTinyContext, wrapAddon } from './tiny-context.js'

/**
 * With a KV stream per sequence (node-llama-cpp's contexts), llama.cpp computes one graph per run of consecutive
 * increasing sequence ids in a batch: tokens queued as sequences 3, 1, 0, 2 took three graphs, and four streams
 * decoded at about two thirds of the speed they reach in sequence order. The patched batch loop adds each batch's
 * items in sequence order, whatever order they were queued in. Asserted on what reaches the addon, never on timings.
 */
test('every batch reaches llama.cpp in increasing sequence order, whatever order the sequences queued in', async () => {
  await withTinyContext({ seed: 3, contextSize: 512, sequences: 4, threads: 1 }, async (context, model) => {
    const sequences = Array.from({ length: 4 }, () => context.getSequence())
    // The sequence ids each batch is built from.
    const batches: number[][] = []
    wrapAddon(context, 'initBatch', (initBatch) => (...args) => {
      batches.push([])
      return initBatch(...args)
    })
    wrapAddon(context, 'addToBatch', (addToBatch) => (...args) => {
      batches.at(-1)!.push(args[0] as number)
      return addToBatch(...args)
    })

    const generate = async (index: number, tokens: number) => {
      let left = tokens
      const prompt = model.tokenize(`Story number ${index}: once upon a time`)
      for await (const _ of sequences[index]!.evaluate(prompt, { temperature: 0 })) if (--left === 0) break
    }
    // Queued as 3, 1, 0, 2, and of different lengths so that later batches hold fewer sequences.
    await Promise.all([generate(3, 12), generate(1, 6), generate(0, 9), generate(2, 4)])

    // The four prompts share the first batch (a fresh context hands out ids 0 to 3); the shorter generations leave
    // the later ones.
    expect(batches[0]).toEqual([0, 1, 2, 3])
    expect(batches.length).toBeGreaterThan(5)
    for (const batch of batches) expect(batch).toEqual([...batch].sort((a, b) => a - b))
  })
})
