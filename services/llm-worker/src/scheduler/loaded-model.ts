import type {
  ChatWrapper,
  LlamaContext,
  LlamaContextSequence,
  LlamaEmbeddingContext,
  LlamaModel,
  Token,
} from 'node-llama-cpp'
import { RANDOM_WEIGHTS_KEY } from '../gguf/test-model.js'
import type { ResolvedModel } from '../store/model-store.js'

type Waiter = { resolve: (seq: LlamaContextSequence) => void; reject: (err: unknown) => void }

/** One model in memory: its weights, one context with N sequences, and the requests waiting for a sequence. */
export class LoadedModel {
  /** Every sequence of the context, busy or free. */
  readonly sequences: LlamaContextSequence[] = []
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
    /** The embedding context's ideal thread count (node-llama-cpp lets it use fewer, down to 1, per batch). */
    readonly threads: number,
    keepAliveMs: number,
  ) {
    this.keepAliveMs = keepAliveMs
    for (let i = 0; i < context.totalSequences; i++) this.sequences.push(context.getSequence())
    this.free.push(...this.sequences)
  }

  get name(): string {
    return this.stored.name
  }

  get idle(): boolean {
    return this.active === 0 && this.waiters.length === 0
  }

  /**
   * Takes the free sequence that fits `prompt` (its tokens, when the caller could render them) best, as llama-server
   * picks a slot by prompt similarity. Free sequences keep every token of their last request, so a learner's next
   * turn finds its whole conversation even after other conversations ran in between; the score is the tokens a
   * sequence saves minus the tokens it throws away (2 × common prefix − its length), so a new conversation takes an
   * empty sequence rather than erase another conversation's history to save only the shared system prompt. Ties, and
   * a request without a prompt, get the most recently released sequence. The chosen sequence's other tokens are
   * erased when generation starts; while other requests generate, that erase runs between two of their batches (the
   * patched LlamaContext), so it never waits for them to finish.
   */
  take(prompt?: readonly Token[]): LlamaContextSequence | undefined {
    let best = this.free.length - 1
    if (prompt) {
      let bestScore = -Infinity
      for (let i = this.free.length - 1; i >= 0; i--) {
        const tokens = this.free[i]!.contextTokens
        const score = 2 * commonPrefix(tokens, prompt) - tokens.length
        if (score > bestScore) {
          best = i
          bestScore = score
        }
      }
    }
    return best < 0 ? undefined : this.free.splice(best, 1)[0]
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

function commonPrefix(a: readonly Token[], b: readonly Token[]): number {
  const n = Math.min(a.length, b.length)
  let i = 0
  while (i < n && a[i] === b[i]) i++
  return i
}
