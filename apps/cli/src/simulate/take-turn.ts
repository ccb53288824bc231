import type { FeedbackIssue, GoalProgress, TutorTurnRequestInput } from '@parley/core'
import { type GatewayClient, RequestFailedError } from './gateway-client.js'
import type { SimStats } from './stats.js'
import { turnEvents } from './turn-stream.js'

export type TakenTurn = {
  region: string | null
  firstTokenMs: number | null
  rulesMs: number | null
  /** Send → `done` (Send free again). */
  doneMs: number | null
  model: string
  reply: string
  promptTokens: number
  tokens: number
  issues: FeedbackIssue[]
  goal?: GoalProgress
  level?: string
  /** `aspect=score …` of the conversation's scores after this turn. */
  scores: string
}

/**
 * POST /{region}/tutor/turn and read its stream to `end`, timing what a learner waits for: the first rules
 * feedback, the LLM feedback, and `done` (when Send is free again). Any `error` event fails the turn.
 */
export async function takeTurn(
  gw: GatewayClient,
  opts: { region: string; stats: SimStats },
  body: TutorTurnRequestInput,
): Promise<TakenTurn> {
  const endpoint = 'POST /tutor/turn'
  const started = performance.now()
  const res = await gw.open(endpoint, `/${opts.region}/tutor/turn`, body, started)
  const region = res.headers.get('x-parley-region')
  const record = (status: number, ok: boolean) =>
    opts.stats.record({ endpoint, status, ms: performance.now() - started, ok, region })
  if (!res.ok || !res.body) {
    const detail = await res.text().catch(() => '')
    record(res.status, false)
    throw new RequestFailedError(endpoint, res.status, detail.slice(0, 200))
  }
  const since = () => performance.now() - started
  const taken: TakenTurn = {
    region,
    firstTokenMs: null,
    rulesMs: null,
    doneMs: null,
    model: '',
    reply: '',
    promptTokens: 0,
    tokens: 0,
    issues: [],
    scores: '',
  }
  let ended = false
  try {
    for await (const e of turnEvents(res.body)) {
      if (e.event === 'token') taken.firstTokenMs ??= since()
      else if (e.event === 'feedback') {
        if (e.data.layer === 'rules') taken.rulesMs = since()
        else opts.stats.recordWait('llm', since())
        taken.issues = e.data.feedback.issues
      } else if (e.event === 'done') {
        taken.doneMs = since()
        Object.assign(taken, {
          model: e.data.model,
          reply: e.data.reply,
          promptTokens: e.data.tokens.prompt,
          tokens: e.data.tokens.completion,
          goal: e.data.goal,
        })
        opts.stats.recordWait('done', taken.doneMs)
        const streamMs = taken.firstTokenMs === null ? 0 : taken.doneMs - taken.firstTokenMs
        opts.stats.recordStream(taken.firstTokenMs, taken.tokens, streamMs, region)
      } else if (e.event === 'score') {
        taken.level = e.data.score.cefr.level
        taken.scores = Object.entries(e.data.score.aspects)
          .map(([aspect, s]) => `${aspect}=${Math.round(s.score)}`)
          .join(' ')
      } else if (e.event === 'error') throw new Error(`${e.data.stage} ${e.data.code}: ${e.data.message}`)
      else if (e.event === 'end') ended = true
    }
    if (taken.doneMs === null || !ended) throw new Error('stream ended before done and end')
  } catch (err) {
    record(0, false)
    throw new RequestFailedError(endpoint, 0, `stream broke: ${(err as Error).message}`)
  }
  if (taken.rulesMs !== null) opts.stats.recordWait('rules', taken.rulesMs)
  record(res.status, true)
  return taken
}
