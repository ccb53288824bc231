import { BadRequestError } from '@parley/core'
import type { Context } from 'hono'

/** The raw path of a request (still percent-encoded, unlike `c.req.path`) and its query string. */
export function rawPathAndQuery(c: Context): { path: string; query: string } {
  const url = c.req.url
  const start = url.indexOf('/', url.indexOf('//') + 2)
  const q = url.indexOf('?', start)
  return q < 0 ? { path: url.slice(start), query: '' } : { path: url.slice(start, q), query: url.slice(q) }
}

export function assertSafePath(path: string): void {
  let decodable = true
  try {
    decodeURIComponent(path)
  } catch {
    decodable = false
  }
  if (!decodable || !isSafePath(path))
    throw new BadRequestError('Path has dot segments, encoded separators or bad escapes', 'bad_path')
}

const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i

/**
 * Rejects paths that could mean something else to the worker than to the gateway: dot segments, encoded slashes
 * or backslashes, NUL, and empty segments. WHATWG URL parsing already resolves plain `..`; this catches the rest.
 */
export function isSafePath(rawPath: string): boolean {
  if (/%(?:2f|5c|00)|\\|\0/i.test(rawPath)) return false
  const segments = rawPath.split('/').slice(1)
  return segments.every((s, i) => !DOT_SEGMENT.test(s) && (s !== '' || i === segments.length - 1))
}
