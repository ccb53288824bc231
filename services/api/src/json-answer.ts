import { VectorJson } from '@parley/db'
import type { Context, TypedResponse } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { JSONParsed } from 'hono/utils/types'

/** What `c.json(body, status)` would be typed as, so the typed hono client (`hc<ApiApp>`) still sees the shape. */
type JsonAnswer<T, S extends ContentfulStatusCode> = Response & TypedResponse<JSONParsed<T>, S, 'json'>

const JSON_HEADERS = { 'content-type': 'application/json' }

/**
 * `{status:"success", data}` as JSON text, with a conversation's embedding (768 numbers held as JSON text, see
 * VectorJson) spliced in as it came from the database or the client, instead of parsed and printed again.
 */
export function successJson(data: Record<string, unknown>): string {
  const { embedding, ...rest } = data
  if (!(embedding instanceof VectorJson)) return JSON.stringify({ status: 'success', data })
  const head = JSON.stringify({ status: 'success', data: rest })
  // `head` ends in `}}`: the object `data` closes, then the answer; the embedding goes in before the first of them.
  const comma = Object.keys(rest).length > 0 ? ',' : ''
  return `${head.slice(0, -2)}${comma}"embedding":${embedding.text}}}`
}

/** Answers `successJson(data)` as application/json, as `c.json({status: 'success', data}, status)` would. */
export function answerWithVector<T extends Record<string, unknown>, S extends ContentfulStatusCode = 200>(
  c: Context,
  data: T,
  status?: S,
) {
  return c.body(successJson(data), status ?? 200, JSON_HEADERS) as unknown as JsonAnswer<
    { status: 'success'; data: T },
    S
  >
}

/**
 * A list answer built from rows that PostgreSQL already rendered as JSON text (`row_to_json`), joined rather than
 * parsed and printed again; `next_cursor` when another page exists.
 */
export function answerJsonRows<T>(c: Context, rows: readonly { json: string }[], nextCursor?: string) {
  let text = '{"status":"success","data":['
  for (let i = 0; i < rows.length; i++) text += (i ? ',' : '') + rows[i]!.json
  text += nextCursor ? `],"next_cursor":${JSON.stringify(nextCursor)}}` : ']}'
  return c.body(text, 200, JSON_HEADERS) as unknown as JsonAnswer<
    { status: 'success'; data: T[]; next_cursor?: string },
    200
  >
}
