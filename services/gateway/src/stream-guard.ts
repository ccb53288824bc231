import type { IncomingMessage } from 'node:http'

export type StreamEnd = { ok: true } | { ok: false; reason: string; cancelled?: boolean }

/** How a broken stream is closed so that the client's parser sees a clean, final error record. */
export type StreamFormat = 'ndjson' | 'sse' | 'opaque'

export function streamFormat(contentType: string | undefined, hasLength: boolean): StreamFormat {
  if (hasLength) return 'opaque'
  if (contentType?.includes('text/event-stream')) return 'sse'
  if (contentType?.includes('ndjson') || contentType?.includes('application/json')) return 'ndjson'
  return 'opaque'
}

const NEWLINE = 0x0a

/** The bytes that close a broken stream: a line boundary first, then one error record in the stream's own format. */
export function errorTrailer(format: StreamFormat, reason: string, lastBytes: number[]): Uint8Array | undefined {
  const message = JSON.stringify({ error: `upstream failed mid-stream: ${reason}` })
  const endsLine = lastBytes.at(-1) === NEWLINE
  if (format === 'ndjson') return new TextEncoder().encode(`${endsLine ? '' : '\n'}${message}\n`)
  if (format === 'sse') {
    const endsEvent = endsLine && lastBytes.at(-2) === NEWLINE
    const gap = endsEvent ? '' : endsLine ? '\n' : '\n\n'
    return new TextEncoder().encode(`${gap}event: error\ndata: ${message}\n\n`)
  }
  return undefined
}

/**
 * Turns an upstream body into a web stream chunk by chunk, with no buffering beyond the client's backpressure.
 * If the upstream dies or falls silent for `idleMs`, the stream ends with an error record (or, when the format has
 * none, is aborted), so a client never waits on a dead worker. `onEnd` runs exactly once.
 *
 * Until the first body byte the deadline is `firstDataMs` instead: an LLM worker sends its headers at once, then
 * nothing while the request waits for a slot and its prompt is evaluated, which on a busy pool takes longer than the
 * gap allowed between tokens.
 */
export function guardStream(
  res: IncomingMessage,
  opts: { format: StreamFormat; idleMs: number; firstDataMs?: number; onEnd: (end: StreamEnd) => void },
): ReadableStream<Uint8Array> {
  let finished = false
  let sawData = false
  let idleTimer: NodeJS.Timeout | undefined
  let lastBytes: number[] = []
  let controller!: ReadableStreamDefaultController<Uint8Array>

  const finish = (end: StreamEnd) => {
    if (finished) return
    finished = true
    clearTimeout(idleTimer)
    res.removeAllListeners('data')
    if (!end.ok) res.destroy()
    if (end.ok) controller.close()
    else if (!end.cancelled) {
      const trailer = errorTrailer(opts.format, end.reason, lastBytes)
      if (trailer) {
        controller.enqueue(trailer)
        controller.close()
      } else controller.error(new Error(end.reason))
    }
    opts.onEnd(end)
  }
  const armIdle = () => {
    clearTimeout(idleTimer)
    const ms = sawData ? opts.idleMs : Math.max(opts.idleMs, opts.firstDataMs ?? 0)
    idleTimer = setTimeout(() => finish({ ok: false, reason: `no data for ${ms} ms` }), ms)
  }

  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c
        res.on('data', (chunk: Buffer) => {
          if (finished) return
          sawData = true
          lastBytes = [...lastBytes, ...chunk.subarray(-2)].slice(-2)
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
          if ((controller.desiredSize ?? 1) <= 0) {
            // The client is slow, not the upstream: stop reading and stop the idle clock until it catches up.
            res.pause()
            clearTimeout(idleTimer)
          } else armIdle()
        })
        res.on('end', () => finish({ ok: true }))
        res.on('error', (err) => finish({ ok: false, reason: err.message }))
        res.on('close', () => {
          if (!res.complete) finish({ ok: false, reason: 'connection to the worker was lost' })
        })
        armIdle()
      },
      pull() {
        if (finished || !res.isPaused()) return
        res.resume()
        armIdle()
      },
      cancel() {
        finish({ ok: false, reason: 'client went away', cancelled: true })
      },
    },
    { highWaterMark: 16 },
  )
}
