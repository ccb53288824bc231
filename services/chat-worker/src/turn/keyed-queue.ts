/**
 * Runs tasks one at a time per key, in the order they were queued. The turn endpoint writes a conversation as
 * read-modify-write through the api; queuing every write of one conversation here means two writes (a reply being
 * saved, the next learner message arriving) never read the same version and drop each other's change.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>()

  /** Queues `task` behind everything already queued for `key`; the place in line is taken synchronously. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve()
    const result = before.then(task, task)
    const tail = result.catch(() => undefined)
    this.tails.set(key, tail)
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    })
    return result
  }

  /** Keys with work queued or running. */
  get size(): number {
    return this.tails.size
  }
}
