import { randomUUID } from 'node:crypto'
import type { Scenario, ScenarioList } from '@parley/core'
import { type IdentityTarget, signInLearner } from './auth.js'
import type { Line } from './bot/bot-prompt.js'
import { type BotModel, writeBotLine } from './bot/bot-writer.js'
import { nextGoalStep, sessionEnds } from './bot/goal-step.js'
import { type Persona, personaFor, templateLine } from './bot/personas.js'
import { GatewayClient, RequestFailedError } from './gateway-client.js'
import { LEARNER_SENTENCES, type SyntheticLearner } from './learners.js'
import type { ProviderLookup } from './provider-of.js'
import type { SimStats } from './stats.js'
import { type TakenTurn, takeTurn } from './take-turn.js'
import type { TurnRow } from './turn-rows.js'

const TOKEN_REFRESH_MS = 5 * 60_000

/** Scripted learners pick sentences with typical mistakes; bots write their lines with an LLM (bot/). */
export type LearnerMode = { kind: 'script' } | { kind: 'bot'; bot: BotModel }

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
  mode?: LearnerMode
  /** The run id in exported rows. */
  run?: string
  /** Every turn is appended here (the export). */
  rows?: TurnRow[]
  providers?: ProviderLookup
  /** `performance.now()` after which no new turn starts (load mode). */
  deadline?: number
}

/** What one learner's session left behind; `error` is set when it stopped early. */
export type SessionResult = {
  email: string
  sub?: string
  conversationId?: string
  turns: number
  error?: string
  /** Why it stopped: `max_turns`, `goal_met`, `duration`, or `error`. */
  ended?: string
  persona?: string
}

/**
 * One learner, end to end through the public paths, as the web app does it: sign up or in, pick a scenario, let
 * the tutor open it, then per turn send a message through `POST /{region}/tutor/turn`, which stores it, streams the
 * reply with feedback, and stores the reply, feedback, scores and embedding on the server. A bot stops early when
 * the tutor reports the scenario's goal met.
 */
export async function runLearnerSession(learner: SyntheticLearner, opts: SessionOptions): Promise<SessionResult> {
  const { stats, region } = opts
  const mode = opts.mode ?? { kind: 'script' }
  const persona = mode.kind === 'bot' ? personaFor(opts.seed, learner.n) : undefined
  const profile = persona
    ? { name: persona.name, level: persona.level, nativeLanguage: persona.nativeLanguage }
    : learner.profile
  const result: SessionResult = { email: learner.email, turns: 0, ...(persona && { persona: persona.id }) }
  const tag = `learner ${learner.n}/${opts.learners}`
  const rows: TurnRow[] = []
  try {
    const auth = await signInLearner(opts.identity, learner.email, stats)
    result.sub = auth.sub
    let gw = new GatewayClient(opts.gatewayUrl, auth.token, stats)
    let signedInAt = performance.now()
    // ID tokens last 10 minutes, and the chat worker stores a turn with the learner's token after the reply: on a
    // slow pool one session outlives a token, so the learner signs in again (no sign-up) once it is half spent.
    const fresh = async () => {
      if (performance.now() - signedInAt < TOKEN_REFRESH_MS) return
      const again = await signInLearner(opts.identity, learner.email, stats, { signUp: false })
      gw = new GatewayClient(opts.gatewayUrl, again.token, stats)
      signedInAt = performance.now()
    }
    const { scenarios } = await gw.json<ScenarioList>('GET /tutor/scenarios', 'GET', `/${region}/tutor/scenarios`)
    // A bot needs a goal to work toward: it takes the scenarios that say how to tell the goal is met.
    const offered = persona ? scenarios.filter((s) => s.goalSteps?.length) : scenarios
    if (offered.length === 0) throw new Error('the tutor offers no scenarios')
    const scenario = learner.pick(offered)
    const conversationId = randomUUID()
    result.conversationId = conversationId
    const base = { conversationId, learner: profile }
    const rowBase = {
      run: opts.run ?? '',
      learner: learner.email,
      persona: persona?.id ?? 'script',
      first_language: profile.nativeLanguage ?? '',
      level: profile.level ?? '',
      scenario: scenario.id,
      conversation: conversationId,
    }
    const served = async (region: string, model: string) =>
      (await opts.providers?.(gw, region, model)) ?? { provider: 'ollama' as const, model }
    const tutorRow = async (turn: number, taken: TakenTurn): Promise<TurnRow> => ({
      ...rowBase,
      turn,
      role: 'tutor',
      region: taken.region ?? '',
      ...(await served(region, taken.model)),
      text: taken.reply,
      source: 'llm',
      rejected: '',
      feedback_issues: 0,
      feedback: '',
      scores: taken.scores,
      cefr: taken.level ?? '',
      latency_ms: taken.doneMs,
      ttft_ms: taken.firstTokenMs,
      tokens_in: taken.promptTokens,
      tokens_out: taken.tokens,
      cost_usd: null,
      goal_met: taken.goal?.met ?? false,
      ended: '',
    })

    const opener = await takeTurn(gw, opts, {
      ...base,
      turnId: randomUUID(),
      scenario: scenario.id,
      title: `Simulated: ${scenario.title}`,
    })
    const lines: Line[] = [{ role: 'tutor', text: opener.reply }]
    rows.push(await tutorRow(0, opener))

    let level = '-'
    for (let turn = 1; turn <= opts.turns; turn++) {
      if (opts.deadline !== undefined && performance.now() >= opts.deadline) {
        result.ended = 'duration'
        break
      }
      await fresh()
      const written = await writeLine(gw, mode, persona, scenario, lines, learner)
      await fresh()
      const taken = await takeTurn(gw, opts, { ...base, turnId: randomUUID(), text: written.text })
      result.turns = turn
      level = taken.level ?? level
      lines.push({ role: 'learner', text: written.text }, { role: 'tutor', text: taken.reply })
      rows.push(
        {
          ...rowBase,
          turn,
          role: 'learner',
          region: written.region ?? '',
          ...(written.source === 'script'
            ? { provider: 'none' as const, model: '' }
            : written.provider
              ? { provider: written.provider, model: written.model }
              : await served(written.botRegion, written.model)),
          text: written.text,
          source: written.source,
          rejected: written.rejected ?? '',
          feedback_issues: taken.issues.length,
          feedback: taken.issues.map((i) => `${i.category}: ${i.original} → ${i.suggestions[0] ?? ''}`).join('; '),
          scores: '',
          cefr: '',
          latency_ms: written.ms,
          ttft_ms: null,
          tokens_in: written.tokensIn,
          tokens_out: written.tokensOut,
          cost_usd: null,
          goal_met: false,
          ended: '',
        },
        await tutorRow(turn, taken),
      )
      opts.progress(
        `${tag} turn ${turn}/${opts.turns} [${scenario.id}] ${taken.region ?? '?'}: ` +
          `rules feedback ${fmtMs(taken.rulesMs)}, first token ${fmtMs(taken.firstTokenMs)}, ` +
          `${taken.tokens} tokens, ${taken.issues.length} issue(s) — “${written.text}”` +
          (written.source === 'template' ? ` (template: the model's line was ${written.rejected})` : ''),
      )
      const ends = mode.kind === 'bot' ? sessionEnds(turn, opts.turns, taken.goal) : undefined
      if (ends) {
        result.ended = ends
        break
      }
    }
    result.ended ??= 'max_turns'
    opts.progress(
      `${tag} done (${result.ended}): CEFR ${level}, conversation ${conversationId} stored, scored and embedded`,
    )
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err)
    result.ended = 'error'
    // Failed requests are already counted; anything else (an unreadable answer, no scenarios) is counted here.
    if (!(err instanceof RequestFailedError)) stats.record({ endpoint: 'session', status: 0, ms: 0, ok: false })
    opts.progress(`${tag} stopped after ${result.turns} turn(s): ${result.error}`)
  }
  const last = rows.at(-1)
  if (last) last.ended = result.error ?? result.ended ?? ''
  opts.rows?.push(...rows)
  return result
}

type Written = {
  text: string
  provider?: 'bedrock'
  source: string
  rejected?: string
  model: string
  region: string | null
  botRegion: string
  tokensIn: number
  tokensOut: number
  ms: number | null
}

/** The learner's next line: a scripted sentence, or the bot's (toward the goal's next unmet step). */
async function writeLine(
  gw: GatewayClient,
  mode: LearnerMode,
  persona: Persona | undefined,
  scenario: Scenario,
  lines: readonly Line[],
  learner: SyntheticLearner,
): Promise<Written> {
  if (mode.kind === 'script' || !persona) {
    const text = learner.pick(LEARNER_SENTENCES)
    return { text, source: 'script', model: '', region: null, botRegion: '', tokensIn: 0, tokensOut: 0, ms: null }
  }
  const own = lines.filter((l) => l.role === 'learner').map((l) => l.text)
  const next = nextGoalStep(scenario, own, learner.pick)
  try {
    const line = await writeBotLine(gw, mode.bot, { persona, scenario, lines, next, pick: learner.pick })
    return { ...line, botRegion: mode.bot.region }
  } catch (err) {
    if (!(err instanceof RequestFailedError)) throw err
    // The bot's model failing (a saturated pool) is counted as a failed request, but the tutor is still measured:
    // the learner says a persona template line instead.
    const text = templateLine(persona, next?.phrase ?? scenario.title.toLowerCase(), learner.pick)
    return {
      text,
      source: 'template',
      rejected: 'model_failed',
      model: mode.bot.model,
      region: null,
      botRegion: mode.bot.region,
      tokensIn: 0,
      tokensOut: 0,
      ms: null,
    }
  }
}

function fmtMs(ms: number | null): string {
  return ms === null ? 'none' : `${Math.round(ms)} ms`
}
