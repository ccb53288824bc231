/** One line of Ollama's pull progress stream. */
export type PullProgress = { status: string; digest?: string; total?: number; completed?: number }

export type ProgressListener = (p: PullProgress) => void

/** Fans one download's progress out to every pull waiting on it, at most every `intervalMs` per listener. */
export class ProgressHub {
  private readonly listeners = new Set<ProgressListener>()
  private last: PullProgress | undefined
  private lastSent = 0

  constructor(private readonly intervalMs = 100) {}

  subscribe(listener: ProgressListener): () => void {
    this.listeners.add(listener)
    if (this.last) listener(this.last)
    return () => this.listeners.delete(listener)
  }

  emit(p: PullProgress, force = false): void {
    this.last = p
    const now = Date.now()
    if (!force && now - this.lastSent < this.intervalMs) return
    this.lastSent = now
    for (const l of this.listeners) l(p)
  }
}
