import { randomUUID } from 'node:crypto'
import type { ScenarioList, TutorTurnRequestInput } from '@parley/core'
import { type IdentityTarget, signInLearner } from './auth.js'
import { GatewayClient, RequestFailedError } from './gateway-client.js'
import { LEARNER_SENTENCES, type SyntheticLearner } from './learners.js'
import type { SimStats } from './stats.js'
import { turnEvents } from './turn-stream.js'

export type SessionOptions = {
  gatewayUrl: string
  identity: IdentityTarget
  /** The region in `/{region}/…` paths. */
  region: string
  turns: number
  seed: number
  /** Total learners, for progress lines. */
  learners: number
  stats: SimStats
  progress: (line: string) => void
}

/** What one learner's session left behind; `error` is set when it stopped early. */
export type SessionResult = { email: string; sub?: string; conversationId?: string; turns: number; error?: string }

/**
 * One learner, end to end through the public paths, as the web app does it: sign up or in, pick a scenario, let
 * the tutor open it, then per turn send a message through `POST /{region}/tutor/turn`, which stores it, streams the
 * reply with feedback, and stores the reply, feedback, scores and embedding on the server.
 */
export async function runLearnerSession(learner: SyntheticLearner, opts: SessionOptions): Promise<SessionResult> {
  const { stats, region } = opts
  const result: SessionResult = { email: learner.email, turns: 0 }
  const tag = `learner ${learner.n}/${opts.learners}`
  try {
    const auth = await signInLearner(opts.identity, learner.email, stats)
    result.sub = auth.sub
    const gw = new GatewayClient(opts.gatewayUrl, auth.token, stats)
    const { scenarios } = await gw.json<ScenarioList>('GET /tutor/scenarios', 'GET', `/${region}/tutor/scenarios`)
    if (scenarios.length === 0) throw new Error('the tutor offers no scenarios')
    const scenario = learner.pick(scenarios)
    const conversationId = randomUUID()
    result.conversationId = conversationId
    const base = { conversationId, learner: learner.profile }
    await takeTurn(gw, opts, {
      ...base,
      turnId: randomUUID(),
      scenario: scenario.id,
      title: `Simulated: ${scenario.title}`,
    })

    let level = '-'
    for (let turn = 1; turn <= opts.turns; turn++) {
      const text = learner.pick(LEARNER_SENTENCES)
      const taken = await takeTurn(gw, opts, { ...base, turnId: randomUUID(), text })
      result.turns = turn
      level = taken.level ?? level
      opts.progress(
        `${tag} turn ${turn}/${opts.turns} [${scenario.id}] ${taken.region ?? '?'}: ` +
          `rules feedback ${fmtMs(taken.rulesMs)}, first token ${fmtMs(taken.firstTokenMs)}, ` +
          `${taken.tokens} tokens, ${taken.issues} issue(s) — “${text}”`,
      )
    }
    opts.progress(`${tag} done: CEFR ${level}, conversation ${conversationId} stored, scored and embedded`)
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err)
    // Failed requests are already counted; anything else (an unreadable answer, no scenarios) is counted here.
    if (!(err instanceof RequestFailedError)) stats.record({ endpoint: 'session', status: 0, ms: 0, ok: false })
    opts.progress(`${tag} stopped after ${result.turns} turn(s): ${result.error}`)
  }
  return result
}

type TakenTurn = {
  region: string | null
  firstTokenMs: number | null
  rulesMs: number | null
  tokens: number
  issues: number
  level?: string
}

/**
 * POST /{region}/tutor/turn and read its stream to `end`, timing what a learner waits for: the first rules
 * feedback, the LLM feedback, and `done` (when Send is free again). Any `error` event fails the turn.
 */
async function takeTurn(gw: GatewayClient, opts: SessionOptions, body: TutorTurnRequestInput): Promise<TakenTurn> {
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
  const taken: TakenTurn = { region, firstTokenMs: null, rulesMs: null, tokens: 0, issues: 0 }
  let doneAt: number | undefined
  let ended = false
  try {
    for await (const e of turnEvents(res.body)) {
      if (e.event === 'token') taken.firstTokenMs ??= since()
      else if (e.event === 'feedback') {
        if (e.data.layer === 'rules') taken.rulesMs = since()
        else opts.stats.recordWait('llm', since())
        taken.issues = e.data.feedback.issues.length
      } else if (e.event === 'done') {
        doneAt = performance.now()
        taken.tokens = e.data.tokens.completion
        opts.stats.recordWait('done', doneAt - started)
        const streamMs = taken.firstTokenMs === null ? 0 : doneAt - started - taken.firstTokenMs
        opts.stats.recordStream(taken.firstTokenMs, taken.tokens, streamMs)
      } else if (e.event === 'score') taken.level = e.data.score.cefr.level
      else if (e.event === 'error') throw new Error(`${e.data.stage} ${e.data.code}: ${e.data.message}`)
      else if (e.event === 'end') ended = true
    }
    if (doneAt === undefined || !ended) throw new Error('stream ended before done and end')
  } catch (err) {
    record(0, false)
    throw new RequestFailedError(endpoint, 0, `stream broke: ${(err as Error).message}`)
  }
  if (taken.rulesMs !== null) opts.stats.recordWait('rules', taken.rulesMs)
  record(res.status, true)
  return taken
}

function fmtMs(ms: number | null): string {
  return ms === null ? 'none' : `${Math.round(ms)} ms`
}
