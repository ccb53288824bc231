import { randomUUID } from 'node:crypto'
import type {
  EmbedResponse,
  FeedbackResponse,
  Scenario,
  ScenarioList,
  ScoreResponse,
  TutorDoneEvent,
  TutorErrorEvent,
} from '@parley/core'
import { type IdentityTarget, signInLearner } from './auth.js'
import { GatewayClient, RequestFailedError } from './gateway-client.js'
import { LEARNER_SENTENCES, type SyntheticLearner } from './learners.js'
import { readSse } from './sse.js'
import type { SimStats } from './stats.js'

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

type Turn = { role: 'user' | 'assistant'; content: string; feedback?: FeedbackResponse }

/** What one learner's session left behind; `error` is set when it stopped early. */
export type SessionResult = { email: string; sub?: string; conversationId?: string; turns: number; error?: string }

/**
 * One learner, end to end through the public paths: sign up or in, pick a scenario, then per turn write, stream the
 * tutor's reply, get feedback and save; at the end score the conversation, embed it and save the embedding.
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
    const conversation: Turn[] = [{ role: 'assistant', content: scenario.openingLine }]
    const save = () =>
      gw.json('POST /conversations/{sub}', 'POST', `/conversations/${encodeURIComponent(auth.sub)}`, {
        id: conversationId,
        title: `Simulated: ${scenario.title}`,
        conversation,
      })

    for (let turn = 1; turn <= opts.turns; turn++) {
      const text = learner.pick(LEARNER_SENTENCES)
      const context = conversation.at(-1)?.content
      conversation.push({ role: 'user', content: text })
      const reply = await streamReply(gw, opts, learner, scenario, conversationId, conversation)
      const feedback = await gw.json<FeedbackResponse>('POST /feedback', 'POST', `/${region}/feedback`, {
        text,
        ...(context && { context: context.slice(0, 4000) }),
        learner: learner.profile,
      })
      conversation[conversation.length - 1] = { role: 'user', content: text, feedback }
      conversation.push({ role: 'assistant', content: reply.reply })
      await save()
      result.turns = turn
      opts.progress(
        `${tag} turn ${turn}/${opts.turns} [${scenario.id}] ${reply.region ?? '?'}: ` +
          `first token ${fmtMs(reply.firstTokenMs)}, ${reply.tokens} tokens, ${feedback.issues.length} issue(s) — “${text}”`,
      )
    }

    const plain = conversation.map(({ role, content }) => ({ role, content }))
    const score = await gw.json<ScoreResponse>('POST /score', 'POST', `/${region}/score`, {
      conversation,
      learner: learner.profile,
      seed: opts.seed,
    })
    const { embedding } = await gw.json<EmbedResponse>('POST /scoring/embed', 'POST', `/${region}/scoring/embed`, {
      conversation: plain,
    })
    await gw.json(
      'PUT /conversations/{sub}/{id}',
      'PUT',
      `/conversations/${encodeURIComponent(auth.sub)}/${conversationId}`,
      { embedding },
    )
    opts.progress(`${tag} done: CEFR ${score.cefr.level}, conversation ${conversationId} saved with its embedding`)
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err)
    // Failed requests are already counted; anything else (an unreadable answer, no scenarios) is counted here.
    if (!(err instanceof RequestFailedError)) stats.record({ endpoint: 'session', status: 0, ms: 0, ok: false })
    opts.progress(`${tag} stopped after ${result.turns} turn(s): ${result.error}`)
  }
  return result
}

type StreamedReply = { reply: string; firstTokenMs: number | null; tokens: number; region: string | null }

/** POST /{region}/tutor/chat and read its SSE stream to `done`, timing the first token. */
async function streamReply(
  gw: GatewayClient,
  opts: SessionOptions,
  learner: SyntheticLearner,
  scenario: Scenario,
  conversationId: string,
  conversation: Turn[],
): Promise<StreamedReply> {
  const endpoint = 'POST /tutor/chat'
  const started = performance.now()
  const res = await gw.open(
    endpoint,
    `/${opts.region}/tutor/chat`,
    {
      conversationId,
      messages: conversation.map(({ role, content }) => ({ role, content })),
      learner: learner.profile,
      scenario: scenario.id,
    },
    started,
  )
  const region = res.headers.get('x-parley-region')
  const record = (status: number, ok: boolean) =>
    opts.stats.record({ endpoint, status, ms: performance.now() - started, ok, region })
  if (!res.ok || !res.body) {
    const detail = await res.text().catch(() => '')
    record(res.status, false)
    throw new RequestFailedError(endpoint, res.status, detail.slice(0, 200))
  }
  let firstTokenAt: number | null = null
  let done: TutorDoneEvent | undefined
  try {
    for await (const event of readSse(res.body)) {
      if (event.event === 'token' && firstTokenAt === null) firstTokenAt = performance.now()
      else if (event.event === 'done') done = JSON.parse(event.data) as TutorDoneEvent
      else if (event.event === 'error') {
        const { code, message } = JSON.parse(event.data) as TutorErrorEvent
        throw new Error(`${code}: ${message}`)
      }
    }
    if (!done) throw new Error('stream ended without a done event')
  } catch (err) {
    record(0, false)
    throw new RequestFailedError(endpoint, 0, `stream broke: ${(err as Error).message}`)
  }
  const finished = performance.now()
  record(res.status, true)
  const firstTokenMs = firstTokenAt === null ? null : firstTokenAt - started
  opts.stats.recordStream(firstTokenMs, done.tokens.completion, firstTokenAt === null ? 0 : finished - firstTokenAt)
  return { reply: done.reply, firstTokenMs, tokens: done.tokens.completion, region }
}

function fmtMs(ms: number | null): string {
  return ms === null ? 'none' : `${Math.round(ms)} ms`
}
