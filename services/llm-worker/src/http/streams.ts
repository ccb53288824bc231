import { AppError, type Logger } from '@parley/core'

export type Send = (obj: unknown) => void

export type StreamOptions = {
  /**
   * Items sent within this many ms of the last write go out together in one write when the window ends; the first
   * item of a window is written at once. 0 writes every item at once.
   */
  coalesceMs?: number
}

/**
 * Coalesces writes: a token's chunk is written at once when nothing was written in the last `windowMs`, else it joins
 * the ones that follow until the window ends. A streamed token costs a socket write and a wake-up of the client; on
 * a small machine that client competes with llama.cpp's compute threads, which spin-wait for each other, so one
 * write per window instead of per token decodes faster (docs/llm-worker.md). Items stay whole and in order.
 */
export function coalescingWriter(windowMs: number, write: (text: string) => void) {
  let pending = ''
  let timer: NodeJS.Timeout | undefined
  let lastWrite = Number.NEGATIVE_INFINITY
  const flush = () => {
    clearTimeout(timer)
    timer = undefined
    if (pending) write(pending)
    pending = ''
    lastWrite = performance.now()
  }
  return {
    write(text: string) {
      if (windowMs <= 0) return write(text)
      pending += text
      if (timer) return
      const wait = lastWrite + windowMs - performance.now()
      if (wait <= 0) flush()
      else timer = setTimeout(flush, wait)
    },
    /** Writes what is pending now (before the stream's end). */
    flush,
    /** Forgets what is pending (the client is gone). */
    drop() {
      clearTimeout(timer)
      timer = undefined
      pending = ''
    },
  }
}

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
  } & StreamOptions,
  produce: (send: Send, signal: AbortSignal) => Promise<void>,
): Response {
  const abort = new AbortController()
  const onRequestAbort = () => abort.abort(new Error('client disconnected'))
  opts.requestSignal.addEventListener('abort', onRequestAbort, { once: true })
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const writer = coalescingWriter(opts.coalesceMs ?? 0, (text) => {
        if (!abort.signal.aborted) controller.enqueue(encoder.encode(text))
      })
      const send: Send = (obj) => {
        if (!abort.signal.aborted) writer.write(opts.encode(obj))
      }
      produce(send, abort.signal)
        // A client that leaves (a learner's Stop, a closed tab) is normal traffic, whether the producer then stops
        // quietly or throws the abort: one info line, no error item (no one is left to read it), no stack.
        .catch((err) => {
          if (!abort.signal.aborted) send({ error: safeMessage(err, opts.log) })
        })
        .finally(() => {
          opts.requestSignal.removeEventListener('abort', onRequestAbort)
          if (abort.signal.aborted) {
            writer.drop()
            return opts.log.info('stream stopped: the client disconnected')
          }
          writer.flush()
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
  options: StreamOptions = {},
) {
  return streamResponse(
    {
      requestSignal,
      log,
      contentType: 'application/x-ndjson',
      encode: (o) => `${JSON.stringify(o)}\n`,
      ...options,
    },
    produce,
  )
}

/** Server-sent events ending with `data: [DONE]`, OpenAI's streaming format. */
export function sse(
  requestSignal: AbortSignal,
  log: Logger,
  produce: (send: Send, signal: AbortSignal) => Promise<void>,
  options: StreamOptions = {},
) {
  return streamResponse(
    {
      requestSignal,
      log,
      contentType: 'text/event-stream',
      encode: (o) => `data: ${JSON.stringify(o)}\n\n`,
      end: 'data: [DONE]\n\n',
      ...options,
    },
    produce,
  )
}

export function safeMessage(err: unknown, log: Logger): string {
  if (err instanceof AppError) return err.message
  log.error({ err }, 'stream failed')
  return 'Internal error'
}
