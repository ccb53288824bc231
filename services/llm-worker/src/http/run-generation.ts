import type { Context } from 'hono'
import type { LlmWorkerDeps } from '../deps.js'
import { type Format, FormatMismatchError, formatConstraint } from '../inference/format.js'
import { type ChatMessage, type GenerationResult, generate } from '../inference/generate.js'
import { type OllamaOptions, toSampling } from '../inference/options.js'
import { chatPromptTokens } from '../inference/prompt-tokens.js'
import { parseKeepAlive } from '../runtime/durations.js'
import type { Lease } from '../scheduler/scheduler.js'
import { ns, type ResponseShape, type Stats } from './ollama-shapes.js'
import { ndjson, type Send, sse } from './streams.js'

export type GenerationRequest = {
  model: string
  messages?: ChatMessage[]
  rawPrompt?: string
  options?: OllamaOptions
  format?: Format
  keepAlive?: string | number
  stream: boolean
}

const FORMAT_ATTEMPTS = 3

/**
 * The one path every generation endpoint goes through: lease a sequence (404, 503 and 400 happen here, before any
 * byte is sent), generate, stream or collect, check the format, record metrics, and release the sequence in `finally`.
 */
export async function runGeneration(c: Context, deps: LlmWorkerDeps, req: GenerationRequest, shape: ResponseShape) {
  const started = performance.now()
  const keepAliveMs = req.keepAlive === undefined ? undefined : parseKeepAlive(req.keepAlive)
  const signal = c.req.raw.signal
  const lease = await deps.scheduler.acquire(req.model, {
    signal,
    keepAliveMs,
    numCtx: req.options?.num_ctx,
    prompt: (model) => (req.rawPrompt === undefined ? chatPromptTokens(model, req.messages) : undefined),
  })
  let handedOff = false
  try {
    const format = await formatConstraint(await deps.llama(), req.format)
    const sampling = toSampling(req.options, lease.model.contextSize)
    const base = { messages: req.messages, rawPrompt: req.rawPrompt, sampling, format }
    const name = lease.model.name
    const stats = (r: GenerationResult): Stats => ({
      total_duration: ns(performance.now() - started),
      load_duration: ns(lease.loadMs),
      prompt_eval_count: r.promptTokens,
      prompt_eval_duration: ns(r.promptEvalMs),
      eval_count: r.evalTokens,
      eval_duration: ns(r.evalMs),
    })

    if (!req.stream) {
      for (let attempt = 1; ; attempt++) {
        const seed = sampling.seed === undefined ? undefined : sampling.seed + attempt - 1
        const result = await generate(lease, { ...base, sampling: { ...sampling, seed }, signal })
        record(deps, name, result)
        if (result.aborted) return new Response(null, { status: 499 })
        try {
          format?.check(result.text)
        } catch (err) {
          // Grammar-steered output can still be cut by num_predict or miss a bound; sample again a few times.
          if (err instanceof FormatMismatchError && attempt < FORMAT_ATTEMPTS) continue
          throw err
        }
        return c.json(shape.final(result.text, name, result, stats(result)) as object)
      }
    }

    handedOff = true
    const produce = async (send: Send, streamSignal: AbortSignal) => {
      let result: GenerationResult | undefined
      try {
        result = await generate(lease, {
          ...base,
          signal: streamSignal,
          onText: (t) => t && send(shape.chunk(t, name)),
        })
      } finally {
        lease.release({ dirty: !result || result.aborted })
      }
      record(deps, name, result)
      if (result.aborted) return
      format?.check(result.text)
      send(shape.final('', name, result, stats(result)))
    }
    const options = { coalesceMs: deps.streamCoalesceMs }
    return shape.framing === 'sse'
      ? sse(signal, deps.log, produce, options)
      : ndjson(signal, deps.log, produce, options)
  } finally {
    if (!handedOff) lease.release({ dirty: signal.aborted })
  }
}

function record(deps: LlmWorkerDeps, model: string, r: GenerationResult): void {
  const m = deps.metrics
  if (!m) return
  m.tokensGenerated.inc({ model }, r.evalTokens)
  m.promptTokens.inc({ model }, r.promptTokens)
  if (r.evalTokens > 0) m.timeToFirstToken.observe({ model }, r.promptEvalMs / 1000)
  if (r.evalMs > 0 && r.evalTokens > 1) m.tokensPerSecond.set({ model }, (r.evalTokens - 1) / (r.evalMs / 1000))
}

export type { Lease }
export { ns, type ResponseShape, type Stats }
