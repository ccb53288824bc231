import type { LlamaContext } from 'node-llama-cpp'

/** Step times kept per thread count; their median is what is compared. */
const WINDOW = 9
/**
 * Once both counts have times, every this-many-th one-token step runs on the other count, so the choice follows a
 * change of load; probing the slower count costs one slow step in this many.
 */
const PROBE_EVERY = 32

/**
 * Picks the thread count of each one-token decode step (one stream generating) from how long such steps took on
 * one thread and on every thread the context may use; larger batches (prompts, several streams) always get every
 * thread. For node-llama-cpp's prebuilt binary, which starts and joins its threads at every step: serving one
 * SmolLM2-135M stream at 2 threads it decoded at 0.44–0.71× its 1-thread speed, while prompts and larger models gain
 * from every core, and in process, with nothing else running, 2 threads were faster (docs/llm-worker.md). So the
 * choice is measured on the steps the worker really runs, not once at load. The patched LlamaContext calls `choose`
 * before each batch and `record` after it.
 */
export class OneTokenStepThreads {
  private readonly times = new Map<number, number[]>()
  private steps = 0

  choose(batchTokens: number, threads: number): number {
    if (batchTokens !== 1 || threads <= 1) return threads
    this.steps++
    const one = this.median(1)
    const all = this.median(threads)
    if (one === undefined) return 1
    if (all === undefined) return threads
    const best = one < all ? 1 : threads
    const other = best === 1 ? threads : 1
    return this.steps % PROBE_EVERY === 0 ? other : best
  }

  record(batchTokens: number, threads: number, ms: number): void {
    if (batchTokens !== 1) return
    const times = this.times.get(threads) ?? []
    times.push(ms)
    if (times.length > WINDOW) times.shift()
    this.times.set(threads, times)
  }

  /** The median step time on `threads`, or undefined before any step ran on it. */
  median(threads: number): number | undefined {
    const times = this.times.get(threads)
    if (!times?.length) return undefined
    return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]
  }
}

/** Lets `chooser` pick the thread count of every batch of `context` (patches/node-llama-cpp+3.22.1.patch). */
export function chooseStepThreads(context: LlamaContext, chooser: OneTokenStepThreads): void {
  ;(context as unknown as { _stepThreads?: OneTokenStepThreads })._stepThreads = chooser
}
