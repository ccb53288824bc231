import {
  type EmbedRequest,
  EmbedResponse,
  type FeedbackRequest,
  FeedbackResponse,
  type ScoreRequest,
  ScoreResponse,
  tracedFetch,
} from '@parley/core'
import type { z } from 'zod'

/** A scoring-worker call that did not give a usable answer; `message` is safe to show. */
export class ScoringCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'ScoringCallError'
  }
}

/** This region's scoring pool (`/feedback`, `/score`, `/embed`), with each answer checked against its contract. */
export class ScoringClient {
  constructor(
    private readonly url: string,
    private readonly fetchFn: typeof fetch = tracedFetch,
  ) {}

  /** `timeoutMs` bounds the call (the rules layer alone should take milliseconds). */
  feedback(req: FeedbackRequest, timeoutMs?: number) {
    return this.post('/feedback', req, FeedbackResponse, timeoutMs)
  }

  score(req: ScoreRequest) {
    return this.post('/score', req, ScoreResponse)
  }

  embed(req: EmbedRequest) {
    return this.post('/embed', req, EmbedResponse)
  }

  private async post<T extends z.ZodType>(
    path: string,
    body: unknown,
    schema: T,
    timeoutMs?: number,
  ): Promise<z.infer<T>> {
    let res: Response
    try {
      res = await this.fetchFn(`${this.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
      })
    } catch (err) {
      if ((err as Error).name === 'TimeoutError')
        throw new ScoringCallError(504, `${path} did not answer within ${timeoutMs} ms`)
      throw new ScoringCallError(503, `the scoring pool is unreachable (${path})`)
    }
    const answer = (await res.json().catch(() => undefined)) as { message?: string } | undefined
    if (!res.ok) throw new ScoringCallError(res.status, answer?.message ?? `${path} answered ${res.status}`)
    const parsed = schema.safeParse(answer)
    if (!parsed.success) throw new ScoringCallError(502, `${path} answered outside its contract`)
    return parsed.data
  }
}
