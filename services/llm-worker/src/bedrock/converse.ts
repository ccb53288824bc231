import {
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
  type TokenUsage,
} from '@aws-sdk/client-bedrock-runtime'
import type { Context } from 'hono'
import { ns, type ResponseShape, type Stats } from '../http/ollama-shapes.js'
import { ndjson } from '../http/streams.js'
import { type Format, FormatMismatchError, formatCheck } from '../inference/format.js'
import type { OllamaOptions } from '../inference/options.js'
import { type OllamaTurn, toConverseInput, unfence } from './converse-input.js'
import { Deadline } from './deadline.js'
import type { BedrockWorkerDeps } from './deps.js'
import { mapBedrockError } from './errors.js'

export type BedrockGeneration = {
  model: string
  turns: OllamaTurn[]
  options?: OllamaOptions
  format?: Format
  stream: boolean
}

/** What one Converse call produced, in the terms Ollama's final chunk needs. */
type Outcome = { text: string; stopReason?: string; usage?: TokenUsage; firstTokenMs: number; endMs: number }

const FORMAT_ATTEMPTS = 3

/**
 * Chat and generate over Converse / ConverseStream, with the local worker's contract: NDJSON chunks, a final chunk
 * with Ollama's counts and durations (Bedrock's inputTokens/outputTokens as prompt_eval_count/eval_count), `format`
 * validated (sampled again, then 422), errors before the first byte as HTTP statuses and after it as an
 * `{"error"}` line, and a caller that leaves cancels the Bedrock call.
 */
export async function runBedrockGeneration(
  c: Context,
  deps: BedrockWorkerDeps,
  req: BedrockGeneration,
  shape: ResponseShape,
): Promise<Response> {
  const started = performance.now()
  const model = deps.catalogue.resolveFor(req.model, 'chat')
  const check = formatCheck(req.format)
  const input = toConverseInput(model.modelId, req.turns, {
    options: req.options,
    format: req.format,
    defaultMaxTokens: deps.settings.BEDROCK_MAX_TOKENS,
    jsonMode: deps.settings.BEDROCK_JSON_MODE,
  })
  const requestSignal = c.req.raw.signal
  const deadline = new Deadline(requestSignal, deps.settings.BEDROCK_TIMEOUT_MS)
  const failure = (err: unknown) =>
    mapBedrockError(err, model.modelId, { clientLeft: requestSignal.aborted, timedOut: deadline.timedOut })
  const extra = { provider: 'bedrock', provider_model: model.modelId }
  const finalOf = (text: string, o: Outcome) => ({
    ...(shape.final(text, model.name, { doneReason: doneReason(o.stopReason) } as never, stats(started, o)) as object),
    ...extra,
  })

  let handedOff = false
  try {
    if (!req.stream) {
      for (let attempt = 1; ; attempt++) {
        deadline.arm()
        const o = await converse(deps, input, deadline.signal).catch((err) => Promise.reject(failure(err)))
        record(deps, model.modelId, o)
        const text = check ? unfence(o.text) : o.text
        try {
          check?.(text)
        } catch (err) {
          if (err instanceof FormatMismatchError && attempt < FORMAT_ATTEMPTS) continue
          throw err
        }
        return c.json(finalOf(text, o))
      }
    }

    // The stream is opened before answering, so a refusal (validation, throttling, access) is still an HTTP status.
    const t0 = performance.now()
    deadline.arm()
    const out = await deps.client
      .send(new ConverseStreamCommand(input), { abortSignal: deadline.signal })
      .catch((err) => Promise.reject(failure(err)))
    handedOff = true
    return ndjson(requestSignal, deps.log, async (send, streamSignal) => {
      const onLeave = () => deadline.abort(streamSignal.reason)
      streamSignal.addEventListener('abort', onLeave, { once: true })
      const o: Outcome = { text: '', firstTokenMs: 0, endMs: 0 }
      try {
        for await (const event of out.stream ?? []) {
          // Every event is progress: the deadline is for silence, so a long reply may take as long as it needs.
          deadline.arm()
          const piece = event.contentBlockDelta?.delta?.text
          if (piece) {
            if (!o.text) o.firstTokenMs = performance.now() - t0
            o.text += piece
            send(shape.chunk(piece, model.name))
          }
          if (event.messageStop) o.stopReason = event.messageStop.stopReason
          if (event.metadata) o.usage = event.metadata.usage
        }
      } catch (err) {
        if (streamSignal.aborted) return
        throw failure(err)
      } finally {
        streamSignal.removeEventListener('abort', onLeave)
        deadline.dispose()
      }
      if (streamSignal.aborted) return
      o.endMs = performance.now() - t0
      record(deps, model.modelId, o)
      check?.(unfence(o.text))
      send(finalOf('', o))
    })
  } finally {
    if (!handedOff) deadline.dispose()
  }
}

async function converse(deps: BedrockWorkerDeps, input: ConverseCommandInput, signal: AbortSignal): Promise<Outcome> {
  const t0 = performance.now()
  const res = await deps.client.send(new ConverseCommand(input), { abortSignal: signal })
  const text = (res.output?.message?.content ?? []).map((b) => b.text ?? '').join('')
  const ms = performance.now() - t0
  return { text, stopReason: res.stopReason, usage: res.usage, firstTokenMs: ms, endMs: ms }
}

/** Ollama's done_reason: `stop` and `length` as Ollama says them; Bedrock's other reasons as Bedrock names them. */
function doneReason(stopReason: string | undefined): string {
  if (!stopReason || stopReason === 'end_turn' || stopReason === 'stop_sequence') return 'stop'
  if (stopReason === 'max_tokens' || stopReason === 'model_context_window_exceeded') return 'length'
  return stopReason
}

function stats(started: number, o: Outcome): Stats {
  return {
    total_duration: ns(performance.now() - started),
    load_duration: 0,
    prompt_eval_count: o.usage?.inputTokens ?? 0,
    // Bedrock reports no prompt time apart; the time to the first token is the closest thing to it.
    prompt_eval_duration: ns(o.firstTokenMs),
    eval_count: o.usage?.outputTokens ?? 0,
    eval_duration: ns(Math.max(0, o.endMs - o.firstTokenMs)),
  }
}

function record(deps: BedrockWorkerDeps, modelId: string, o: Outcome): void {
  const m = deps.metrics
  if (!m) return
  const evalTokens = o.usage?.outputTokens ?? 0
  m.tokensGenerated.inc({ model: modelId }, evalTokens)
  m.promptTokens.inc({ model: modelId }, o.usage?.inputTokens ?? 0)
  if (evalTokens > 0) m.timeToFirstToken.observe({ model: modelId }, o.firstTokenMs / 1000)
  const evalMs = o.endMs - o.firstTokenMs
  if (evalMs > 0 && evalTokens > 1) m.tokensPerSecond.set({ model: modelId }, (evalTokens - 1) / (evalMs / 1000))
}
