import type { ChatWrapper, LlamaContext, LlamaContextSequence, LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp'
import { RANDOM_WEIGHTS_KEY } from '../gguf/test-model.js'
import type { ResolvedModel } from '../store/model-store.js'

type Waiter = { resolve: (seq: LlamaContextSequence) => void; reject: (err: unknown) => void }

/** One model in memory: its weights, one context with N sequences, and the requests waiting for a sequence. */
export class LoadedModel {
  readonly free: LlamaContextSequence[] = []
  readonly waiters: Waiter[] = []
  active = 0
  /** The chat template wrapper, resolved on the first chat request. */
  chatWrapper: ChatWrapper | undefined
  lastUsed = Date.now()
  keepAliveMs: number
  expiresAt: Date | undefined
  unloadTimer: NodeJS.Timeout | undefined
  /** Free sequences whose old tokens are being erased in the background. */
  private readonly clearing = new Map<LlamaContextSequence, Promise<void>>()
  private embedding: Promise<LlamaEmbeddingContext> | undefined
  private embedQueue: Promise<unknown> = Promise.resolve()

  constructor(
    readonly stored: ResolvedModel,
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    readonly contextSize: number,
    readonly estimateBytes: number,
    readonly threads: number,
    keepAliveMs: number,
  ) {
    this.keepAliveMs = keepAliveMs
    for (let i = 0; i < context.totalSequences; i++) this.free.push(context.getSequence())
  }

  get name(): string {
    return this.stored.name
  }

  get idle(): boolean {
    return this.active === 0 && this.waiters.length === 0
  }

  /**
   * Takes a free sequence. While other requests generate, an empty one is preferred: erasing a sequence's old tokens
   * takes node-llama-cpp's context lock, which its batch loop holds as long as any decode is queued, so a late
   * request on a sequence still holding an earlier request's tokens would wait for every running stream to finish.
   * On an idle model the most recently released sequence is taken, so a growing conversation reuses its KV cache.
   */
  take(): LlamaContextSequence | undefined {
    if (this.active > 0) {
      for (let i = this.free.length - 1; i >= 0; i--) {
        const seq = this.free[i]!
        if (seq.nextTokenIndex === 0 && !this.clearing.has(seq)) return this.free.splice(i, 1)[0]
      }
    }
    return this.free.pop()
  }

  /** Resolves once a background clear of `seq` (see `recycle`) is over. */
  settled(seq: LlamaContextSequence): Promise<void> {
    return this.clearing.get(seq) ?? Promise.resolve()
  }

  /**
   * Called when a sequence goes back to the free list: the most recently released one keeps its tokens (prefix reuse
   * for the conversation that just had a turn), every other free sequence is cleared in the background, off any
   * request's critical path, so that a request arriving while others generate finds an empty one.
   */
  recycle(): void {
    const last = this.free.at(-1)
    for (const seq of this.free) {
      if (seq === last || seq.nextTokenIndex === 0 || this.clearing.has(seq)) continue
      const done = seq
        .clearHistory()
        .catch(() => {})
        .finally(() => this.clearing.delete(seq))
      this.clearing.set(seq, done)
    }
  }

  /** True for the random-weight models `parley model make-test` writes. */
  get randomWeights(): boolean {
    const meta = this.model.fileInfo.metadata as Record<string, unknown>
    const [ns, key] = RANDOM_WEIGHTS_KEY.split('.') as [string, string]
    return (meta[ns] as Record<string, unknown> | undefined)?.[key] === true
  }

  /** Runs `fn` with the model's embedding context, one call at a time (the context is created on first use). */
  withEmbedding<T>(fn: (ctx: LlamaEmbeddingContext) => Promise<T>): Promise<T> {
    this.embedding ??= this.model.createEmbeddingContext({ contextSize: this.contextSize, threads: this.threads })
    const run = this.embedQueue.then(async () => fn(await this.embedding!))
    this.embedQueue = run.catch(() => {})
    return run
  }

  async dispose(): Promise<void> {
    clearTimeout(this.unloadTimer)
    const embedding = this.embedding
    this.embedding = undefined
    if (embedding) await (await embedding.catch(() => undefined))?.dispose()
    await this.context.dispose()
    await this.model.dispose()
  }
}
