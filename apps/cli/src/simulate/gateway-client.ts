import type { SimStats } from './stats.js'

/** A failed request: the simulation stops that learner's session and counts it in the summary. */
export class RequestFailedError extends Error {
  constructor(
    readonly endpoint: string,
    readonly status: number,
    detail: string,
  ) {
    super(`${endpoint} failed${status ? ` with ${status}` : ''}: ${detail}`)
    this.name = 'RequestFailedError'
  }
}

/** Calls the gateway with the learner's token and records each call's status, latency and serving region. */
export class GatewayClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly stats: SimStats,
  ) {}

  /** A JSON request; a non-2xx answer is recorded and thrown. */
  async json<T>(endpoint: string, method: string, path: string, body?: unknown): Promise<T> {
    const started = performance.now()
    const res = await this.send(endpoint, method, path, body, started)
    const text = await res.text().catch(() => '')
    const ms = performance.now() - started
    this.stats.record({ endpoint, status: res.status, ms, ok: res.ok, region: res.headers.get('x-parley-region') })
    if (!res.ok) throw new RequestFailedError(endpoint, res.status, text.slice(0, 200))
    return JSON.parse(text) as T
  }

  /** Opens a request whose body the caller consumes (SSE); records nothing, the caller records once it is read. */
  async open(endpoint: string, path: string, body: unknown, started: number): Promise<Response> {
    return this.send(endpoint, 'POST', path, body, started)
  }

  private async send(endpoint: string, method: string, path: string, body: unknown, started: number) {
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch (err) {
      this.stats.record({ endpoint, status: 0, ms: performance.now() - started, ok: false })
      throw new RequestFailedError(endpoint, 0, (err as Error).message)
    }
  }
}
