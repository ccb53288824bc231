import { stat } from 'node:fs/promises'
import { freemem, loadavg, totalmem } from 'node:os'
import { type Logger, ServiceUnavailableError } from '@parley/core'
import { GgufInsights, type Llama, type LlamaContextSequence, readGgufFileInfo, type Token } from 'node-llama-cpp'
import type { LlmMetrics } from '../metrics.js'
import type { ModelStore } from '../store/model-store.js'
import { modelKey } from '../store/names.js'
import { InsufficientMemoryError, QueueFullError } from './errors.js'
import { cpuSampler, threadsFromSamples } from './free-cores.js'
import { LoadedModel } from './loaded-model.js'
import { chooseStepThreads, OneTokenStepThreads } from './step-threads.js'
import { autoThreads } from './threads.js'

export type SchedulerOptions = {
  store: ModelStore
  llama: () => Promise<Llama>
  log: Logger
  metrics?: LlmMetrics
  /**
   * llama.cpp threads per context; 0 means the physical cores that other processes leave free, re-read every
   * second and applied at the next batch (followFreeCores).
   */
  threads: number
  /** Sequences per loaded model. */
  parallel: number
  /** Requests that may wait; the next one gets 503. */
  maxQueue: number
  /** Default tokens per sequence. */
  contextSize: number
  keepAliveMs: number
  maxLoadedModels: number
  /** 0 means 80% of total memory. */
  memoryBudgetBytes: number
}

export type AcquireOptions = {
  signal?: AbortSignal
  keepAliveMs?: number
  numCtx?: number
  /** The request's prompt on the loaded model, if it can be rendered; picks the best-fitting sequence. */
  prompt?: (model: LoadedModel) => readonly Token[] | undefined
}

/** A sequence leased to one request; `release` must be called exactly once (in a `finally`). */
export type Lease = {
  model: LoadedModel
  sequence: LlamaContextSequence
  /** Milliseconds this request spent loading the model (0 when it was loaded already). */
  loadMs: number
  release(opts?: { dirty?: boolean }): void
}

/**
 * Owns every loaded model, like Ollama's sched.go: loads on demand (one load per model however many requests ask),
 * leases sequences, queues requests up to a bound, unloads idle models after keep_alive, and evicts the least recently
 * used idle model when a new one needs room within the memory budget or the model count.
 */
export class Scheduler {
  private readonly models = new Map<string, LoadedModel>()
  private readonly loading = new Map<string, Promise<LoadedModel>>()
  private waiting = 0
  private closed = false
  private freeCoresTimer: NodeJS.Timeout | undefined

  constructor(readonly opts: SchedulerOptions) {}

  get queueDepth(): number {
    return this.waiting
  }

  async acquire(name: string, o: AcquireOptions = {}): Promise<Lease> {
    if (this.closed) throw new ServiceUnavailableError('the worker is shutting down', 5)
    const key = modelKey(name)
    const ready = this.models.get(key)
    if (ready?.free.length && this.fits(ready, o.numCtx)) return this.grant(ready, ready.take(o.prompt?.(ready))!, 0, o)
    if (this.waiting >= this.opts.maxQueue) throw new QueueFullError(1)
    this.waiting++
    this.updateGauges()
    try {
      const started = performance.now()
      const model = await this.ensureLoaded(key, o.numCtx)
      const loadMs = ready ? 0 : performance.now() - started
      const seq = model.take(o.prompt?.(model)) ?? (await this.waitForSequence(model, o.signal))
      return this.grant(model, seq, loadMs, o)
    } finally {
      this.waiting--
      this.updateGauges()
    }
  }

  /** Loads a model (if needed) without taking a sequence; Ollama does this for a request with an empty prompt. */
  async preload(name: string, o: AcquireOptions = {}): Promise<{ model: LoadedModel; loadMs: number }> {
    const started = performance.now()
    const loaded = this.models.has(modelKey(name))
    const lease = await this.acquire(name, o)
    lease.release()
    return { model: lease.model, loadMs: loaded ? 0 : performance.now() - started }
  }

  loaded(): LoadedModel[] {
    return [...this.models.values()]
  }

  async unload(name: string): Promise<boolean> {
    const key = modelKey(name)
    const model = this.models.get(key)
    if (!model) return false
    if (!model.idle) {
      model.keepAliveMs = 0 // unloads as soon as its last request ends
      return true
    }
    await this.drop(key, model)
    return true
  }

  /**
   * LLM_THREADS=0: every second, sets node-llama-cpp's thread ceiling (llama.maxThreads, which its thread splitter
   * applies to each context before every batch) to the cores other processes left free over that second. llama.cpp's
   * threads spin-wait for each other at every step of a decode, so on a machine where others hold a core, 2 threads
   * decoded at a fraction of 1 thread's speed (docs/llm-worker.md); with this the worker never uses more threads than
   * there are free cores, and takes them back when the others finish. Started once per scheduler.
   */
  private followFreeCores(llama: Llama, initial: number): void {
    llama.maxThreads = initial
    if (this.freeCoresTimer) return
    const sample = cpuSampler()
    if (!sample) return
    let last = sample()
    this.freeCoresTimer = setInterval(() => {
      const now = sample()
      const threads = threadsFromSamples(llama.cpuMathCores, last, now)
      last = now
      if (threads !== llama.maxThreads) {
        this.opts.log.debug({ threads }, 'llama.cpp thread ceiling follows the free cores')
        llama.maxThreads = threads
      }
    }, 1000)
    this.freeCoresTimer.unref()
  }

  /** Unloads a model by name if it is loaded and idle (e.g. after /api/delete). */
  async forget(name: string): Promise<void> {
    const key = modelKey(name)
    const model = this.models.get(key)
    if (model?.idle) await this.drop(key, model)
  }

  async close(): Promise<void> {
    this.closed = true
    clearInterval(this.freeCoresTimer)
    for (const [key, model] of this.models) {
      for (const w of model.waiters.splice(0)) w.reject(new ServiceUnavailableError('the worker is shutting down', 5))
      await this.drop(key, model)
    }
  }

  private fits(model: LoadedModel, numCtx?: number): boolean {
    return !numCtx || numCtx === model.contextSize
  }

  private grant(model: LoadedModel, sequence: LlamaContextSequence, loadMs: number, o: AcquireOptions): Lease {
    clearTimeout(model.unloadTimer)
    model.unloadTimer = undefined
    model.expiresAt = undefined
    model.active++
    model.lastUsed = Date.now()
    if (o.keepAliveMs !== undefined) model.keepAliveMs = o.keepAliveMs
    this.updateGauges()
    let released = false
    return {
      model,
      sequence,
      loadMs,
      release: ({ dirty } = {}) => {
        if (released) return
        released = true
        // An aborted generation leaves half a turn in the KV cache; clear it before the next request reuses it.
        const ready = dirty ? sequence.clearHistory().catch(() => {}) : Promise.resolve()
        void ready.then(() => this.giveBack(model, sequence))
        // Count the slot as free at once: a disconnect must free it without waiting for the cache to clear.
        model.active--
        this.updateGauges()
      },
    }
  }

  private giveBack(model: LoadedModel, sequence: LlamaContextSequence): void {
    model.lastUsed = Date.now()
    const next = model.waiters.shift()
    if (next) {
      next.resolve(sequence)
      return
    }
    model.free.push(sequence)
    if (model.idle) this.scheduleUnload(model)
  }

  private waitForSequence(model: LoadedModel, signal?: AbortSignal): Promise<LlamaContextSequence> {
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (seq: LlamaContextSequence) => {
          signal?.removeEventListener('abort', onAbort)
          resolve(seq)
        },
        reject,
      }
      const onAbort = () => {
        const i = model.waiters.indexOf(waiter)
        if (i >= 0) model.waiters.splice(i, 1)
        reject(signal?.reason ?? new Error('aborted'))
      }
      if (signal?.aborted) return onAbort()
      signal?.addEventListener('abort', onAbort, { once: true })
      model.waiters.push(waiter)
    })
  }

  private scheduleUnload(model: LoadedModel): void {
    const key = modelKey(model.name)
    clearTimeout(model.unloadTimer)
    if (model.keepAliveMs === Number.POSITIVE_INFINITY) return
    model.expiresAt = new Date(Date.now() + model.keepAliveMs)
    model.unloadTimer = setTimeout(() => {
      if (model.idle && this.models.get(key) === model) void this.drop(key, model)
    }, model.keepAliveMs)
    model.unloadTimer.unref()
  }

  private async ensureLoaded(key: string, numCtx?: number): Promise<LoadedModel> {
    const existing = this.models.get(key)
    if (existing) {
      // A different num_ctx reloads the model when nobody is using it, as Ollama does; otherwise it is served as is.
      if (this.fits(existing, numCtx) || !existing.idle) return existing
      await this.drop(key, existing)
    }
    let pending = this.loading.get(key)
    if (!pending) {
      pending = this.load(key, numCtx).finally(() => this.loading.delete(key))
      this.loading.set(key, pending)
    }
    return pending
  }

  private async load(key: string, numCtx?: number): Promise<LoadedModel> {
    const { store, log, parallel } = this.opts
    const stored = await store.resolve(key)
    const llama = await this.opts.llama()
    const contextSize = numCtx ?? this.opts.contextSize
    const estimate = await this.estimate(llama, stored.modelPath, contextSize)
    await this.makeRoom(stored.name, estimate)
    const fixed = this.opts.threads
    const allCores = Math.max(1, llama.cpuMathCores)
    // With LLM_THREADS=0, the free cores now; followFreeCores keeps the ceiling current from then on.
    const threads = fixed || autoThreads(llama.cpuMathCores, loadavg()[0] ?? 0)
    const model = await llama.loadModel({ modelPath: stored.modelPath })
    try {
      const trained = model.trainContextSize
      // Auto: a context that may use every core, given as many as the thread ceiling allows before each batch (the
      // ceiling is raised for the creation, which clamps the ideal count to it).
      if (!fixed) llama.maxThreads = allCores
      const context = await model.createContext({
        contextSize: Math.min(contextSize, trained || contextSize),
        sequences: parallel,
        threads: fixed || { ideal: allCores, min: 1 },
      })
      if (!fixed) this.followFreeCores(llama, threads)
      // The prebuilt binary starts its threads at every step; the native build keeps a pool (runtime/native-build.ts).
      const measureSteps = llama.buildType === 'prebuilt'
      if (measureSteps) chooseStepThreads(context, new OneTokenStepThreads())
      const loaded = new LoadedModel(
        stored,
        model,
        context,
        context.contextSize,
        estimate,
        fixed || allCores,
        this.opts.keepAliveMs,
      )
      if (loaded.randomWeights)
        log.warn(
          { model: stored.name },
          'loaded a model with RANDOM weights (parley model make-test): its text means nothing',
        )
      log.info(
        {
          model: stored.name,
          contextSize: loaded.contextSize,
          parallel,
          threads,
          ...(measureSteps && { oneTokenStepThreads: 'measured' }),
        },
        'model loaded',
      )
      this.models.set(key, loaded)
      this.updateGauges()
      return loaded
    } catch (err) {
      await model.dispose()
      throw err
    }
  }

  private async estimate(llama: Llama, path: string, contextSize: number): Promise<number> {
    try {
      const insights = await GgufInsights.from(await readGgufFileInfo(path, { logWarnings: false }), llama)
      const weights = insights.estimateModelResourceRequirements({ gpuLayers: 0 }).cpuRam
      const ctx = insights.estimateContextResourceRequirements({
        contextSize,
        modelGpuLayers: 0,
        sequences: this.opts.parallel,
      }).cpuRam
      return weights + ctx
    } catch {
      return (await stat(path)).size
    }
  }

  /** Unloads least-recently-used idle models until `bytes` fits; fails if busy models leave no room. */
  private async makeRoom(name: string, bytes: number): Promise<void> {
    const budget = this.opts.memoryBudgetBytes || Math.floor(totalmem() * 0.8)
    if (bytes > budget)
      throw new InsufficientMemoryError(
        `model '${name}' needs about ${mib(bytes)} MiB, more than the memory budget of ${mib(budget)} MiB`,
      )
    const used = () => [...this.models.values()].reduce((a, m) => a + m.estimateBytes, 0)
    while (this.models.size >= this.opts.maxLoadedModels || used() + bytes > budget) {
      const victim = [...this.models.entries()]
        .filter(([, m]) => m.idle)
        .sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0]
      if (!victim) throw new QueueFullError(5)
      this.opts.log.info(
        { model: victim[1].name, for: name, freeMiB: mib(freemem()) },
        'unloading least recently used model',
      )
      await this.drop(victim[0], victim[1])
    }
  }

  private async drop(key: string, model: LoadedModel): Promise<void> {
    if (this.models.get(key) === model) this.models.delete(key)
    this.updateGauges()
    await model.dispose()
    this.opts.log.info({ model: model.name }, 'model unloaded')
  }

  private updateGauges(): void {
    const m = this.opts.metrics
    if (!m) return
    m.queueDepth.set(this.waiting)
    m.activeSequences.set([...this.models.values()].reduce((a, x) => a + x.active, 0))
    m.loadedModels.set(this.models.size)
  }
}

function mib(bytes: number): number {
  return Math.round(bytes / 2 ** 20)
}
