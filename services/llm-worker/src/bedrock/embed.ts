import { InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime'
import { AppError, BadRequestError } from '@parley/core'
import { Deadline } from './deadline.js'
import type { BedrockWorkerDeps } from './deps.js'
import { mapBedrockError } from './errors.js'

/** Titan Text Embeddings v2 takes at most 50,000 characters per text. */
const TITAN_MAX_CHARS = 50_000
/** Cohere Embed v3 takes at most 96 texts per call. */
const COHERE_BATCH = 96
/** Titan embeds one text per call: this many calls at once for a batch. */
const TITAN_CONCURRENCY = 8

export type EmbedOutcome = { vectors: number[][]; promptTokens: number }

/**
 * Embeddings over InvokeModel, for Titan Text Embeddings v2 (`amazon.titan-embed-*`) and Cohere Embed v3
 * (`cohere.embed-*`). `truncate` keeps Ollama's meaning: cut a too-long input (true) or refuse it with a 400 (false).
 * `normalize` L2-normalises every vector, as Ollama's /api/embed does.
 */
export async function bedrockEmbed(
  deps: BedrockWorkerDeps,
  modelId: string,
  inputs: string[],
  opts: { truncate: boolean; normalize: boolean; signal: AbortSignal },
): Promise<EmbedOutcome> {
  const deadline = new Deadline(opts.signal, deps.settings.BEDROCK_TIMEOUT_MS)
  deadline.arm()
  const call = { ...opts, signal: deadline.signal }
  try {
    if (modelId.startsWith('cohere.embed')) return await cohere(deps, modelId, inputs, call)
    if (modelId.startsWith('amazon.titan-embed')) return await titan(deps, modelId, inputs, call)
  } catch (err) {
    throw mapBedrockError(err, modelId, { clientLeft: opts.signal.aborted, timedOut: deadline.timedOut })
  } finally {
    deadline.dispose()
  }
  throw new AppError(500, 'unsupported_embed_model', `embedding model ${modelId} is neither Titan nor Cohere`)
}

async function titan(
  deps: BedrockWorkerDeps,
  modelId: string,
  inputs: string[],
  opts: { truncate: boolean; normalize: boolean; signal: AbortSignal },
): Promise<EmbedOutcome> {
  const texts = inputs.map((text, i) => {
    if (text.length <= TITAN_MAX_CHARS) return text
    if (!opts.truncate)
      throw new BadRequestError(
        `input ${i} has ${text.length} characters; ${modelId} takes at most ${TITAN_MAX_CHARS}`,
        'context_length_exceeded',
      )
    return text.slice(0, TITAN_MAX_CHARS)
  })
  const out: EmbedOutcome = { vectors: new Array(texts.length), promptTokens: 0 }
  let next = 0
  const worker = async () => {
    for (let i = next++; i < texts.length; i = next++) {
      const body = await invoke(
        deps,
        modelId,
        {
          // Titan refuses empty text; an empty input embeds as one space.
          inputText: texts[i] || ' ',
          dimensions: deps.settings.BEDROCK_EMBED_DIM,
          normalize: opts.normalize,
        },
        opts.signal,
      )
      const vector = body.embedding
      if (!Array.isArray(vector)) throw new AppError(502, 'provider_error', `${modelId} answered without an embedding`)
      out.vectors[i] = vector as number[]
      out.promptTokens += Number(body.inputTextTokenCount) || 0
    }
  }
  await Promise.all(Array.from({ length: Math.min(TITAN_CONCURRENCY, texts.length) }, worker))
  return out
}

async function cohere(
  deps: BedrockWorkerDeps,
  modelId: string,
  inputs: string[],
  opts: { truncate: boolean; normalize: boolean; signal: AbortSignal },
): Promise<EmbedOutcome> {
  const out: EmbedOutcome = { vectors: [], promptTokens: 0 }
  for (let i = 0; i < inputs.length; i += COHERE_BATCH) {
    const batch = inputs.slice(i, i + COHERE_BATCH).map((t) => t || ' ')
    const body = await invoke(
      deps,
      modelId,
      {
        texts: batch,
        input_type: 'search_document',
        truncate: opts.truncate ? 'END' : 'NONE',
      },
      opts.signal,
    )
    const vectors = body.embeddings
    if (!Array.isArray(vectors) || vectors.length !== batch.length)
      throw new AppError(502, 'provider_error', `${modelId} answered with the wrong number of embeddings`)
    out.vectors.push(...(vectors as number[][]).map((v) => (opts.normalize ? unit(v) : v)))
    // Cohere on Bedrock reports billed tokens only when it says so (`meta.billed_units`); otherwise none are counted.
    out.promptTokens +=
      Number((body.meta as { billed_units?: { input_tokens?: number } })?.billed_units?.input_tokens) || 0
  }
  return out
}

async function invoke(
  deps: BedrockWorkerDeps,
  modelId: string,
  request: unknown,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const res = await deps.client.send(
    new InvokeModelCommand({
      modelId,
      contentType: 'application/json',
      accept: 'application/json',
      body: new TextEncoder().encode(JSON.stringify(request)),
    }),
    { abortSignal: signal },
  )
  try {
    return JSON.parse(new TextDecoder().decode(res.body)) as Record<string, unknown>
  } catch {
    throw new AppError(502, 'provider_error', `${modelId} answered with something that is not JSON`)
  }
}

function unit(v: number[]): number[] {
  const norm = Math.hypot(...v) || 1
  return v.map((x) => x / norm)
}
