import { createHash } from 'node:crypto'
import type { ChatMessage, Logger } from '@parley/core'
import { fitText } from './history.js'
import { guessLanguage } from './language.js'
import type { LlmPool } from './llm.js'
import { extractiveSummary, summaryPrompt } from './prompts/index.js'
import { estimateMessageTokens } from './tokens.js'

export type Summary = { text: string; kind: 'llm' | 'extractive' }

export type SummaryRequest = {
  turns: ChatMessage[]
  /** Longest summary, in estimated tokens. */
  maxTokens: number
  model: string
  /** The context the chat runs with; the summary call uses the same, so the server does not reload the model. */
  numCtx: number
  /** Real tokens per estimated token for this model. */
  tokenRatio?: number
  signal?: AbortSignal
  /** Skip the model (a random-weight model cannot summarise) and use the deterministic summary at once. */
  extractiveOnly?: boolean
}

export type SummariserOptions = {
  pool: LlmPool
  log: Logger
  tutorName: string
  timeoutMs: number
  /** How many summaries to remember (a conversation's older turns change only when it grows past the budget). */
  cacheSize?: number
}

/**
 * Summarises turns that no longer fit the context. The model writes the summary when it can; when it fails, times
 * out, or writes something that does not read as English prose (a random-weight model does), a deterministic
 * extractive summary takes its place, so a conversation never fails because its summary did.
 */
export class Summariser {
  private readonly cache = new Map<string, Summary>()

  constructor(private readonly opts: SummariserOptions) {}

  async summarise(req: SummaryRequest): Promise<Summary> {
    const { turns, maxTokens, model, signal } = req
    const key = createHash('sha256').update(`${model}\0${maxTokens}\0`).update(JSON.stringify(turns)).digest('hex')
    const cached = this.cache.get(key)
    if (cached) return cached
    const summary = (req.extractiveOnly ? undefined : await this.fromModel(req)) ?? {
      text: extractiveSummary(turns, maxTokens),
      kind: 'extractive' as const,
    }
    if (signal?.aborted) return summary
    this.cache.set(key, summary)
    if (this.cache.size > (this.opts.cacheSize ?? 256)) this.cache.delete(this.cache.keys().next().value!)
    return summary
  }

  private async fromModel(req: SummaryRequest): Promise<Summary | undefined> {
    const { turns, maxTokens, model, signal, numCtx } = req
    const ratio = req.tokenRatio ?? 1
    const timeout = AbortSignal.timeout(this.opts.timeoutMs)
    const both = signal ? AbortSignal.any([signal, timeout]) : timeout
    // The transcript itself must fit the context (in estimated units): drop its oldest turns first.
    const room = Math.floor(numCtx / ratio) - maxTokens - 300
    const fitted: ChatMessage[] = []
    let used = 0
    for (const turn of [...turns].reverse()) {
      used += estimateMessageTokens([turn])
      if (used > room) break
      fitted.unshift(turn)
    }
    if (fitted.length === 0) return undefined
    const prompt = summaryPrompt(fitted, this.opts.tutorName)
    try {
      const res = await this.opts.pool.client(both).chat({
        model,
        stream: false,
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ],
        options: { num_predict: Math.ceil(maxTokens * ratio), temperature: 0, seed: 0, num_ctx: numCtx },
      })
      const text = res.message.content.replace(/\s+/g, ' ').trim()
      if (!looksLikeSummary(text)) {
        this.opts.log.debug({ model }, 'model summary rejected; using extractive summary')
        return undefined
      }
      return { text: fitText(text, maxTokens), kind: 'llm' }
    } catch (err) {
      if (!signal?.aborted)
        this.opts.log.warn({ err: (err as Error).message, model }, 'summary failed; using extractive summary')
      return undefined
    }
  }
}

/** A usable summary is a few words of English prose, not empty or gibberish. */
export function looksLikeSummary(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean)
  return words.length >= 4 && guessLanguage(text).englishShare >= 0.15 && guessLanguage(text).english
}
