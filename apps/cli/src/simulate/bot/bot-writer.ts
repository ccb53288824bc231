import type { Scenario } from '@parley/core'
import type { GatewayClient } from '../gateway-client.js'
import { BOT_OPTIONS, botMessages, type Line, type NextStep } from './bot-prompt.js'
import { cleanLearnerTurn, type RejectReason } from './clean-turn.js'
import { type Persona, templateLine } from './personas.js'

/** Where a bot's LLM lives: a model on one region's LLM pool, reached through the gateway as the learner. */
export type BotModel = { region: string; model: string }

/** One learner line as written: by the model, or by a persona template when the model's output was unusable. */
export type WrittenLine = {
  text: string
  source: 'llm' | 'template'
  rejected?: RejectReason
  /** What the model wrote, before cleaning. */
  raw: string
  model: string
  region: string | null
  tokensIn: number
  tokensOut: number
  ms: number
}

type ChatAnswer = { message?: { content?: string }; prompt_eval_count?: number; eval_count?: number; model?: string }

/**
 * Asks the bot's model for the learner's next line through `POST /{region}/api/chat` (the gateway's Ollama route,
 * open to signed-in learners), with the learner's own token, and bounds the answer (clean-turn.ts).
 */
export async function writeBotLine(
  gw: GatewayClient,
  bot: BotModel,
  ctx: {
    persona: Persona
    scenario: Scenario
    lines: readonly Line[]
    next?: NextStep
    pick: <T>(xs: readonly T[]) => T
  },
): Promise<WrittenLine> {
  const started = performance.now()
  const { body, region } = await gw.jsonWithRegion<ChatAnswer>(
    'POST /api/chat (bot)',
    'POST',
    `/${bot.region}/api/chat`,
    {
      model: bot.model,
      messages: botMessages(ctx.persona, ctx.scenario, ctx.lines, ctx.next),
      stream: false,
      options: BOT_OPTIONS,
    },
  )
  const ms = performance.now() - started
  const raw = body.message?.content ?? ''
  const lastTutor = ctx.lines.findLast((l) => l.role === 'tutor')?.text ?? ''
  const own = ctx.lines.filter((l) => l.role === 'learner').map((l) => l.text)
  const cleaned = cleanLearnerTurn(raw, { tutorText: lastTutor, ownEarlier: own, names: [ctx.persona.name] })
  const base = {
    raw,
    model: body.model ?? bot.model,
    region,
    tokensIn: body.prompt_eval_count ?? 0,
    tokensOut: body.eval_count ?? 0,
    ms,
  }
  if ('rejected' in cleaned) {
    const phrase = ctx.next?.phrase ?? ctx.scenario.title.toLowerCase()
    return {
      ...base,
      text: templateLine(ctx.persona, phrase, ctx.pick),
      source: 'template',
      rejected: cleaned.rejected,
    }
  }
  return { ...base, text: cleaned.text, source: 'llm' }
}
