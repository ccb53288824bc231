import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { eventFrame, exceptionFrame } from './event-stream.js'
import {
  bounded,
  type ConverseBody,
  converseProblem,
  countTokens,
  echoReply,
  embeddingOf,
  inputTokens,
  pieces,
  type ReplyFn,
} from './model.js'
import { checkSigV4, type StandInCredentials } from './sigv4-check.js'

/**
 * A local stand-in of the Bedrock Runtime HTTP API, the one fake Parley allows: it speaks the real wire format
 * (restJson1 for Converse and InvokeModel, AWS event-stream frames for ConverseStream, `x-amzn-errortype` errors) and
 * refuses requests without a valid SigV4 signature, so the real @aws-sdk/client-bedrock-runtime is used unchanged,
 * pointed at it through its `endpoint` setting.
 */

/** Bedrock's modelled errors and the HTTP status each comes with. */
export const BEDROCK_ERRORS = {
  AccessDeniedException: 403,
  ValidationException: 400,
  ThrottlingException: 429,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 400,
  ModelNotReadyException: 429,
  ModelTimeoutException: 408,
  ModelErrorException: 424,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
} as const
export type BedrockErrorType = keyof typeof BEDROCK_ERRORS

/** What the next request meets instead of a normal answer. */
export type StandInFault =
  | { error: BedrockErrorType; message?: string }
  /** A ConverseStream that sends `afterPieces` text deltas, then an exception event (e.g. `throttlingException`). */
  | { midStream: string; afterPieces: number; message?: string }
  /** Accepts the request and never answers (until the client gives up). */
  | { hang: true }
  /** A ConverseStream that sends `afterPieces` text deltas, then goes silent with the connection open. */
  | { stallAfterPieces: number }

export type SeenBedrockRequest = {
  operation: 'converse' | 'converse-stream' | 'invoke' | 'unknown'
  modelId: string
  body: unknown
  status: number
  /** The client closed the connection before the answer ended. */
  aborted: boolean
}

export type BedrockStandInOptions = {
  region?: string
  credentials?: StandInCredentials
  /** Chat models and their context size in tokens (words here). */
  chatModels?: Record<string, number>
  embedModels?: string[]
  reply?: ReplyFn
  /** Pause between stream frames, so a test can leave mid-stream. */
  frameDelayMs?: number
}

export type BedrockStandIn = {
  url: string
  region: string
  credentials: StandInCredentials
  requests: SeenBedrockRequest[]
  /** Queues faults for the next requests, one each, in order. */
  failNext(...faults: StandInFault[]): void
  setReply(reply: ReplyFn): void
  close(): Promise<void>
}

export const STAND_IN_CREDENTIALS: StandInCredentials = {
  accessKeyId: 'AKIAPARLEYSTANDIN000',
  secretAccessKey: 'parley-stand-in-secret-key-not-a-real-one',
}

const DEFAULT_CHAT = { 'amazon.nova-micro-v1:0': 128_000, 'anthropic.claude-3-haiku-20240307-v1:0': 200_000 }
const DEFAULT_EMBED = ['amazon.titan-embed-text-v2:0', 'cohere.embed-english-v3', 'cohere.embed-multilingual-v3']
const ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream|invoke)$/

export async function startBedrockStandIn(opts: BedrockStandInOptions = {}): Promise<BedrockStandIn> {
  const region = opts.region ?? 'us-east-1'
  const credentials = opts.credentials ?? STAND_IN_CREDENTIALS
  const chatModels: Record<string, number> = opts.chatModels ?? DEFAULT_CHAT
  const embedModels = new Set(opts.embedModels ?? DEFAULT_EMBED)
  const faults: StandInFault[] = []
  const requests: SeenBedrockRequest[] = []
  let reply = opts.reply ?? echoReply

  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    const match = ROUTE.exec(req.url ?? '')
    const seen: SeenBedrockRequest = {
      operation: (match?.[2] as SeenBedrockRequest['operation']) ?? 'unknown',
      modelId: match ? decodeURIComponent(match[1]!) : '',
      body: undefined,
      status: 0,
      aborted: false,
    }
    requests.push(seen)
    res.on('close', () => {
      if (!res.writableFinished) seen.aborted = true
    })
    const fail = (type: string, status: number, message: string) => {
      seen.status = status
      res
        .writeHead(status, {
          'content-type': 'application/json',
          'x-amzn-errortype': type,
          'x-amzn-requestid': randomUUID(),
        })
        .end(JSON.stringify({ message }))
    }

    const refusal = await checkSigV4(req, body, { credentials, region, service: 'bedrock' })
    if (refusal) return fail(refusal.type, 403, refusal.message)
    if (req.method !== 'POST' || !match) return fail('UnknownOperationException', 404, 'Unknown operation')
    try {
      seen.body = JSON.parse(body.toString('utf8'))
    } catch {
      return fail('SerializationException', 400, 'Could not parse the request body as JSON')
    }

    const fault = faults.shift()
    if (fault && 'hang' in fault) return
    if (fault && 'error' in fault)
      return fail(fault.error, BEDROCK_ERRORS[fault.error], fault.message ?? `${fault.error} from the stand-in`)

    if (seen.operation === 'invoke') {
      if (!embedModels.has(seen.modelId))
        return fail('ValidationException', 400, 'The provided model identifier is invalid.')
      const out = invokeEmbedding(seen.modelId, seen.body)
      if ('problem' in out) return fail('ValidationException', 400, out.problem)
      seen.status = 200
      return res
        .writeHead(200, {
          'content-type': 'application/json',
          'x-amzn-bedrock-input-token-count': String(out.tokens),
          'x-amzn-requestid': randomUUID(),
        })
        .end(JSON.stringify(out.body))
    }

    const context = chatModels[seen.modelId]
    if (context === undefined) return fail('ValidationException', 400, 'The provided model identifier is invalid.')
    const converse = seen.body as ConverseBody
    const problem = converseProblem(converse, context)
    if (problem) return fail('ValidationException', 400, problem)
    const started = performance.now()
    const { text, stopReason } = bounded(reply(converse), converse)
    const usage = { inputTokens: inputTokens(converse), outputTokens: countTokens(text) }
    const totals = { ...usage, totalTokens: usage.inputTokens + usage.outputTokens }

    if (seen.operation === 'converse') {
      seen.status = 200
      return res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() }).end(
        JSON.stringify({
          output: { message: { role: 'assistant', content: [{ text }] } },
          stopReason,
          usage: totals,
          metrics: { latencyMs: Math.round(performance.now() - started) },
        }),
      )
    }

    seen.status = 200
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': randomUUID() })
    const frames: Uint8Array[] = [eventFrame('messageStart', { role: 'assistant' })]
    const parts = pieces(text)
    const stall = fault && 'stallAfterPieces' in fault
    const cutAt =
      fault && 'midStream' in fault
        ? fault.afterPieces
        : fault && 'stallAfterPieces' in fault
          ? fault.stallAfterPieces
          : Number.POSITIVE_INFINITY
    for (const [i, p] of parts.entries()) {
      if (i >= cutAt) break
      frames.push(eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: p }, p: 'abcdef' }))
    }
    if (stall) {
      // Nothing more is sent; the connection stays open until the client gives up.
    } else if (fault && 'midStream' in fault) {
      frames.push(exceptionFrame(fault.midStream, fault.message ?? `${fault.midStream} from the stand-in`))
    } else {
      frames.push(eventFrame('contentBlockStop', { contentBlockIndex: 0 }))
      frames.push(eventFrame('messageStop', { stopReason }))
      frames.push(
        eventFrame('metadata', { usage: totals, metrics: { latencyMs: Math.round(performance.now() - started) } }),
      )
    }
    for (const frame of frames) {
      if (res.destroyed) return
      res.write(frame)
      if (opts.frameDelayMs) await new Promise((r) => setTimeout(r, opts.frameDelayMs))
    }
    if (!stall) res.end()
  })
  // AWS keeps idle connections open far longer than Node's 5 s default; a shorter close races the SDK's reuse of a
  // kept-alive socket (ECONNRESET) in a way real Bedrock does not.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 70_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    region,
    credentials,
    requests,
    failNext: (...f) => void faults.push(...f),
    setReply: (r) => {
      reply = r
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

const TITAN_DIMS = new Set([256, 512, 1024])
const COHERE_INPUT_TYPES = new Set(['search_document', 'search_query', 'classification', 'clustering'])

/** Titan Text Embeddings v2 and Cohere Embed v3 InvokeModel bodies, checked as those models check them. */
function invokeEmbedding(modelId: string, raw: unknown): { body: unknown; tokens: number } | { problem: string } {
  const body = (raw ?? {}) as Record<string, unknown>
  if (modelId.startsWith('amazon.titan-embed')) {
    const text = body.inputText
    if (typeof text !== 'string' || text.length === 0)
      return { problem: 'Malformed input request: inputText is required' }
    if (text.length > 50_000) return { problem: 'Malformed input request: inputText exceeds 50000 characters' }
    const dim = body.dimensions === undefined ? 1024 : Number(body.dimensions)
    if (!TITAN_DIMS.has(dim)) return { problem: 'Malformed input request: dimensions must be 256, 512 or 1024' }
    const tokens = countTokens(text)
    return {
      body: { embedding: embeddingOf(text, dim, body.normalize !== false), inputTextTokenCount: tokens },
      tokens,
    }
  }
  const texts = body.texts
  if (!Array.isArray(texts) || texts.length === 0 || texts.length > 96 || texts.some((t) => typeof t !== 'string'))
    return { problem: 'Malformed input request: texts must be 1 to 96 strings' }
  if (!COHERE_INPUT_TYPES.has(String(body.input_type)))
    return { problem: 'Malformed input request: input_type is invalid' }
  return {
    body: {
      id: randomUUID(),
      response_type: 'embeddings_floats',
      texts,
      embeddings: (texts as string[]).map((t) => embeddingOf(t, 1024)),
    },
    tokens: (texts as string[]).reduce((n, t) => n + countTokens(t), 0),
  }
}
