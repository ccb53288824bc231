import type { Scenario } from '@parley/core'
import { type GatewayClient, RequestFailedError } from '../gateway-client.js'
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
  /** Set when the serving pool says it is Bedrock (its final chunk's `provider`). */
  provider?: 'bedrock'
  firstTokenMs: number | null
}

/** A chunk of Ollama's NDJSON chat stream; the last (`done: true`) carries the token counts. */
type ChatChunk = {
  message?: { content?: string }
  done?: boolean
  prompt_eval_count?: number
  eval_count?: number
  model?: string
  /** Set by a Bedrock-backed worker, with the Bedrock model id. */
  provider?: string
  provider_model?: string
  error?: string
}

/**
 * Asks the bot's model for the learner's next line through `POST /{region}/api/chat` (the gateway's Ollama route,
 * open to signed-in learners), with the learner's own token, and bounds the answer (clean-turn.ts). It streams, so
 * the gateway's first-byte deadline measures the wait for the first token, not for the whole line.
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
  const endpoint = 'POST /api/chat (bot)'
  const started = performance.now()
  const res = await gw.open(
    endpoint,
    `/${bot.region}/api/chat`,
    {
      model: bot.model,
      messages: botMessages(ctx.persona, ctx.scenario, ctx.lines, ctx.next),
      stream: true,
      options: BOT_OPTIONS,
    },
    started,
  )
  const region = res.headers.get('x-parley-region')
  const record = (status: number, ok: boolean) =>
    gw.stats.record({ endpoint, status, ms: performance.now() - started, ok, region })
  if (!res.ok || !res.body) {
    const detail = await res.text().catch(() => '')
    record(res.status, false)
    throw new RequestFailedError(endpoint, res.status, detail.slice(0, 200))
  }
  let raw = ''
  let final: ChatChunk | undefined
  let firstTokenMs: number | null = null
  try {
    for await (const chunk of ndjson<ChatChunk>(res.body)) {
      if (chunk.error) throw new Error(chunk.error)
      const piece = chunk.message?.content ?? ''
      if (piece && firstTokenMs === null) firstTokenMs = performance.now() - started
      raw += piece
      if (chunk.done) final = chunk
    }
    if (!final) throw new Error('the stream ended before its final chunk')
  } catch (err) {
    record(0, false)
    throw new RequestFailedError(endpoint, 0, `stream broke: ${(err as Error).message}`)
  }
  record(res.status, true)
  const ms = performance.now() - started
  const lastTutor = ctx.lines.findLast((l) => l.role === 'tutor')?.text ?? ''
  const own = ctx.lines.filter((l) => l.role === 'learner').map((l) => l.text)
  const cleaned = cleanLearnerTurn(raw, { tutorText: lastTutor, ownEarlier: own, names: [ctx.persona.name] })
  const base = {
    raw,
    model: final.provider_model ?? final.model ?? bot.model,
    provider: final.provider === 'bedrock' ? ('bedrock' as const) : undefined,
    region,
    tokensIn: final.prompt_eval_count ?? 0,
    tokensOut: final.eval_count ?? 0,
    ms,
    firstTokenMs,
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

/** The JSON objects of a newline-delimited JSON body, one per line. */
async function* ndjson<T>(body: ReadableStream<Uint8Array>): AsyncGenerator<T> {
  let buffer = ''
  for await (const chunk of body.pipeThrough(new TextDecoderStream())) {
    buffer += chunk
    let nl = buffer.indexOf('\n')
    while (nl >= 0) {
      const line = buffer.slice(0, nl).trim()
      buffer = buffer.slice(nl + 1)
      if (line) yield JSON.parse(line) as T
      nl = buffer.indexOf('\n')
    }
  }
  if (buffer.trim()) yield JSON.parse(buffer) as T
}
