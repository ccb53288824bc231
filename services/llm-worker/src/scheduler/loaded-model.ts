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

/** A request's prompt tokens, and how many of them other conversations share (the system prompt; see chatPromptFit). */
export type PromptFit = { tokens: readonly Token[]; sharedLength: number }

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
  /** Per sequence, the prefix of its current request's prompt that other conversations share (kept by `recycle`). */
  private readonly shared = new Map<LlamaContextSequence, readonly Token[]>()
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
   * Takes the free sequence that best fits `prompt` (its tokens, when the caller could render them), as llama-server
   * picks a slot by prompt similarity.
   * - While other requests generate, only a sequence whose tokens are all a prefix of the prompt (an empty one
   *   included) is taken: erasing a sequence's other tokens takes node-llama-cpp's context lock, which its batch
   *   loop holds as long as any decode is queued, so a late request on such a sequence would wait for every running
   *   stream to finish. The longest such prefix wins (a shared system prompt is not evaluated again).
   * - On an idle model the longest common prefix wins (erasing is cheap then); without a prompt, the most recently
   *   released sequence, so a growing conversation reuses its KV cache.
   */
  take(fit?: PromptFit): LlamaContextSequence | undefined {
    const seq = this.pick(fit?.tokens)
    if (seq && fit) this.shared.set(seq, fit.tokens.slice(0, fit.sharedLength))
    else if (seq) this.shared.delete(seq)
    return seq
  }

  private pick(prompt?: readonly Token[]): LlamaContextSequence | undefined {
    const busy = this.active > 0
    let best: LlamaContextSequence | undefined
    let bestLength = -1
    for (let i = this.free.length - 1; i >= 0; i--) {
      const seq = this.free[i]!
      if (this.clearing.has(seq)) continue
      const tokens = seq.contextTokens
      const common = prompt ? commonPrefix(tokens, prompt) : 0
      // node-llama-cpp re-evaluates the prompt's last token, so a sequence holding the whole prompt needs an erase.
      const erasesNothing = tokens.length === 0 || (common === tokens.length && common < prompt!.length)
      if (busy && !erasesNothing) continue
      if (common > bestLength) {
        best = seq
        bestLength = common
      }
    }
    if (best) return this.free.splice(this.free.indexOf(best), 1)[0]
    return this.free.pop()
  }

  /** Resolves once a background trim of `seq` (see `recycle`) is over. */
  settled(seq: LlamaContextSequence): Promise<void> {
    return this.clearing.get(seq) ?? Promise.resolve()
  }

  /**
   * Called when a sequence goes back to the free list: the most recently released one keeps its tokens (prefix reuse
   * for the conversation that just had a turn); every other free sequence is trimmed in the background, off any
   * request's critical path, to the part of its last prompt that other conversations share (the system prompt), or
   * cleared when there is none. A request arriving while others generate then finds a sequence that needs no erase
   * and still holds the shared prefix (see `take`).
   */
  recycle(): void {
    const last = this.free.at(-1)
    for (const seq of this.free) {
      if (seq === last || seq.nextTokenIndex === 0 || this.clearing.has(seq)) continue
      const keep = commonPrefix(seq.contextTokens, this.shared.get(seq) ?? [])
      const end = seq.nextTokenIndex
      if (keep >= end) continue
      const trim = keep === 0 ? seq.clearHistory() : seq.eraseContextTokenRanges([{ start: keep, end }])
      const done = trim.catch(() => {}).finally(() => this.clearing.delete(seq))
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

function commonPrefix(a: readonly Token[], b: readonly Token[]): number {
  const n = Math.min(a.length, b.length)
  let i = 0
  while (i < n && a[i] === b[i]) i++
  return i
}
