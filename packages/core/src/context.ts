import { AsyncLocalStorage } from 'node:async_hooks'
import { randomFillSync, randomUUID } from 'node:crypto'

/** What travels with a request across services: its id and its W3C trace context. */
export type RequestContext = { requestId: string; traceId: string; spanId: string }

const storage = new AsyncLocalStorage<RequestContext>()

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/
const SAFE_ID = /^[\w.:-]{1,128}$/

/**
 * Builds the context of an incoming request, keeping the caller's ids when they are well formed. The trace and span
 * ids are drawn only when something reads them (an outgoing call, a log line): most requests never do.
 */
export function contextFromHeaders(headers: Headers): RequestContext {
  const given = headers.get('x-request-id')
  const traceparent = headers.get('traceparent')
  let traceId = traceparent ? TRACEPARENT.exec(traceparent)?.[1] : undefined
  let spanId: string | undefined
  return {
    requestId: given && SAFE_ID.test(given) ? given : randomUUID(),
    get traceId() {
      traceId ??= randomHex(16)
      return traceId
    },
    get spanId() {
      spanId ??= randomHex(8)
      return spanId
    },
  }
}

// Random bytes drawn from the OS in 4 KiB batches (as Node does for randomUUID), not one syscall per id.
const pool = Buffer.alloc(4096)
let poolAt = pool.length

function randomHex(bytes: number): string {
  if (poolAt + bytes > pool.length) {
    randomFillSync(pool)
    poolAt = 0
  }
  poolAt += bytes
  return pool.toString('hex', poolAt - bytes, poolAt)
}

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn)
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore()
}

/** Headers to put on an outgoing call so the next service logs the same request id and trace. */
export function propagationHeaders(ctx = currentContext()): Record<string, string> {
  if (!ctx) return {}
  return { 'x-request-id': ctx.requestId, traceparent: `00-${ctx.traceId}-${ctx.spanId}-01` }
}

/** A fetch that adds the current request's propagation headers; hand it to clients such as `ollama`. */
export const tracedFetch: typeof fetch = (input, init) => {
  const extra = propagationHeaders()
  if (Object.keys(extra).length === 0) return fetch(input, init)
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined))
  for (const [k, v] of Object.entries(extra)) if (!headers.has(k)) headers.set(k, v)
  return fetch(input, { ...init, headers })
}
