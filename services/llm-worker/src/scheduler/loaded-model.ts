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
