import { AppError, type Logger } from '@parley/core'

export type Send = (obj: unknown) => void

/**
 * A streaming response whose producer stops when the client goes away: the request's abort signal (Node closes it on
 * disconnect) and the stream's cancel both abort `signal`. A failure after the first byte cannot change the status any
 * more, so it is sent as a final `{"error": …}` item, which is what Ollama clients expect.
 */
function streamResponse(
  opts: {
    requestSignal: AbortSignal
    log: Logger
    contentType: string
    encode: (obj: unknown) => string
    end?: string
  },
  produce: (send: Send, signal: AbortSignal) => Promise<void>,
): Response {
  const abort = new AbortController()
  const onRequestAbort = () => abort.abort(new Error('client disconnected'))
  opts.requestSignal.addEventListener('abort', onRequestAbort, { once: true })
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send: Send = (obj) => {
        if (!abort.signal.aborted) controller.enqueue(encoder.encode(opts.encode(obj)))
      }
      produce(send, abort.signal)
        // A client that leaves (a learner's Stop, a closed tab) is normal traffic, whether the producer then stops
        // quietly or throws the abort: one info line, no error item (no one is left to read it), no stack.
        .catch((err) => {
          if (!abort.signal.aborted) send({ error: safeMessage(err, opts.log) })
        })
        .finally(() => {
          opts.requestSignal.removeEventListener('abort', onRequestAbort)
          if (abort.signal.aborted) return opts.log.info('stream stopped: the client disconnected')
          if (opts.end) controller.enqueue(encoder.encode(opts.end))
          controller.close()
        })
    },
    cancel() {
      abort.abort(new Error('client disconnected'))
    },
  })
  return new Response(body, { headers: { 'content-type': opts.contentType, 'cache-control': 'no-cache' } })
}

/** Newline-delimited JSON, Ollama's streaming format. */
export function ndjson(
  requestSignal: AbortSignal,
  log: Logger,
  produce: (send: Send, signal: AbortSignal) => Promise<void>,
) {
  return streamResponse(
    { requestSignal, log, contentType: 'application/x-ndjson', encode: (o) => `${JSON.stringify(o)}\n` },
    produce,
  )
}

/** Server-sent events ending with `data: [DONE]`, OpenAI's streaming format. */
export function sse(
  requestSignal: AbortSignal,
  log: Logger,
  produce: (send: Send, signal: AbortSignal) => Promise<void>,
) {
  return streamResponse(
    {
      requestSignal,
      log,
      contentType: 'text/event-stream',
      encode: (o) => `data: ${JSON.stringify(o)}\n\n`,
      end: 'data: [DONE]\n\n',
    },
    produce,
  )
}

export function safeMessage(err: unknown, log: Logger): string {
  if (err instanceof AppError) return err.message
  log.error({ err }, 'stream failed')
  return 'Internal error'
}
