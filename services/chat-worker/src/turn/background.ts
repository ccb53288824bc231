/** Work that outlives the request that started it (a turn's saves and scores), so a shutdown can wait for it. */
export class BackgroundWork {
  private readonly running = new Set<Promise<unknown>>()

  track(work: Promise<unknown>): void {
    const settled = work.catch(() => undefined)
    this.running.add(settled)
    void settled.then(() => this.running.delete(settled))
  }

  get size(): number {
    return this.running.size
  }

  /** Resolves when everything tracked has settled, or after `timeoutMs`; true if it all settled. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs)
    })
    const all = (async () => {
      while (this.running.size) await Promise.all([...this.running])
      return true as const
    })()
    try {
      return await Promise.race([all, timeout])
    } finally {
      clearTimeout(timer)
    }
  }
}
