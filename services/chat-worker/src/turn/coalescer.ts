type Pending<T> = { job: () => Promise<T>; promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void }

/**
 * At most one running and one waiting job per key. A request while a job runs waits for one more run after it; the
 * requests that arrive meanwhile share that run, which uses the newest job. Scoring and embedding a conversation
 * this way costs at most one extra run however fast the learner sends, and the last run always sees the last turn.
 */
export class Coalescer<T> {
  private readonly running = new Map<string, Promise<T>>()
  private readonly waiting = new Map<string, Pending<T>>()

  request(key: string, job: () => Promise<T>): Promise<T> {
    const queued = this.waiting.get(key)
    if (queued) {
      queued.job = job
      return queued.promise
    }
    const current = this.running.get(key)
    if (!current) return this.start(key, job)
    let resolve!: (v: T) => void
    let reject!: (e: unknown) => void
    const promise = new Promise<T>((res, rej) => {
      resolve = res
      reject = rej
    })
    const pending: Pending<T> = { job, promise, resolve, reject }
    this.waiting.set(key, pending)
    void current
      .catch(() => undefined)
      .then(() => {
        this.waiting.delete(key)
        this.start(key, pending.job).then(pending.resolve, pending.reject)
      })
    return promise
  }

  /** Keys with a job running. */
  get size(): number {
    return this.running.size
  }

  private start(key: string, job: () => Promise<T>): Promise<T> {
    const run = job()
    this.running.set(key, run)
    void run
      .catch(() => undefined)
      .then(() => {
        if (this.running.get(key) === run) this.running.delete(key)
      })
    return run
  }
}
