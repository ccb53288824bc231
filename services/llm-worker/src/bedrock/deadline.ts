/**
 * One Bedrock call's cancellation: the caller leaving (the request's signal) or no progress for `ms` (armed before
 * the call, re-armed at every stream event), whichever comes first. `timedOut` tells the two apart afterwards.
 */
export class Deadline {
  private readonly controller = new AbortController()
  private timer: NodeJS.Timeout | undefined
  timedOut = false
  readonly signal: AbortSignal = this.controller.signal
  private readonly onParent = () => this.controller.abort(this.parent.reason)

  constructor(
    private readonly parent: AbortSignal,
    private readonly ms: number,
  ) {
    if (parent.aborted) this.onParent()
    else parent.addEventListener('abort', this.onParent, { once: true })
  }

  arm(): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timedOut = true
      this.controller.abort(new Error(`no answer from Bedrock within ${this.ms} ms`))
    }, this.ms)
  }

  abort(reason?: unknown): void {
    this.controller.abort(reason)
  }

  dispose(): void {
    clearTimeout(this.timer)
    this.parent.removeEventListener('abort', this.onParent)
  }
}
