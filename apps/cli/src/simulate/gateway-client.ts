import { SimStats } from './stats.js'

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
    readonly stats: SimStats,
  ) {}

  /** The same caller, recording into statistics of its own (for lookups that are not part of the measurement). */
  unrecorded(): GatewayClient {
    return new GatewayClient(this.baseUrl, this.token, new SimStats())
  }

  /** A JSON request; a non-2xx answer is recorded and thrown. */
  async json<T>(endpoint: string, method: string, path: string, body?: unknown): Promise<T> {
    return (await this.jsonWithRegion<T>(endpoint, method, path, body)).body
  }

  /** `json`, with the region that served the answer (`x-parley-region`). */
  async jsonWithRegion<T>(endpoint: string, method: string, path: string, body?: unknown) {
    const started = performance.now()
    const res = await this.send(endpoint, method, path, body, started)
    const text = await res.text().catch(() => '')
    const ms = performance.now() - started
    const region = res.headers.get('x-parley-region')
    this.stats.record({ endpoint, status: res.status, ms, ok: res.ok, region })
    if (!res.ok) throw new RequestFailedError(endpoint, res.status, text.slice(0, 200))
    return { body: JSON.parse(text) as T, region }
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
