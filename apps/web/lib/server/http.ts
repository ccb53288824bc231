import type { z } from 'zod'

/** An error whose message is safe for the browser; route handlers turn it into `{status:"error", code, message}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export function errorJson(status: number, code: string, message: string, headers?: HeadersInit): Response {
  return Response.json({ status: 'error', code, message }, { status, headers })
}

/** Runs a route body; typed failures become their 4xx/5xx, anything else a 500 without details. */
export async function respond(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof HttpError) return errorJson(err.status, err.code, err.message)
    // The browser went away mid-request (navigation, Stop): nobody is left to answer, and it is not a server fault.
    if ((err as { code?: string })?.code === 'ECONNRESET' || (err as Error)?.name === 'AbortError')
      return errorJson(499, 'client_closed', 'Request cancelled')
    console.error('web: unhandled error', err)
    return errorJson(500, 'internal', 'Internal error')
  }
}

/** Reads at most `maxBytes` of the body, counting streamed bytes, not trusting content-length. */
export async function readBody(req: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get('content-length') ?? '0')
  if (declared > maxBytes)
    throw new HttpError(413, 'payload_too_large', `Request body is larger than ${maxBytes} bytes`)
  if (!req.body) return new Uint8Array()
  const reader = req.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel()
      throw new HttpError(413, 'payload_too_large', `Request body is larger than ${maxBytes} bytes`)
    }
    chunks.push(value)
  }
  const out = new Uint8Array(total)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.byteLength
  }
  return out
}

/** Parses and validates a JSON body; malformed JSON and schema failures are 400s that name the problem. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, maxBytes = 16_384): Promise<z.infer<S>> {
  const raw = new TextDecoder().decode(await readBody(req, maxBytes))
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw new HttpError(400, 'malformed_json', 'The request body is not valid JSON.')
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
    throw new HttpError(400, 'invalid_input', `${where}${issue?.message ?? 'Invalid input'}`)
  }
  return parsed.data
}
