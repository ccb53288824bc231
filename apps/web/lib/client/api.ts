import { expiredSignInUrl } from '../sign-in-next'

/** A failed call, with the message the server chose for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export type ApiResult<T> = { data: T; message?: string; region?: string; nextCursor?: string }

/** Sends the learner back to sign-in when the server says the session is gone (refresh token expired). */
export function handleExpired(res: Response, _body: { code?: string } | undefined): void {
  if (res.status === 401 && typeof window !== 'undefined') {
    window.location.assign(expiredSignInUrl(window.location))
  }
}

/** Opens a same-origin SSE stream (POST with a JSON body); a non-2xx answer throws ApiError with the server's message. */
export async function openStream(url: string, body: unknown, signal: AbortSignal, what: string): Promise<Response> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
    signal,
  })
  if (!res.ok || !res.body) {
    const answer = (await res.json().catch(() => undefined)) as { code?: string; message?: string } | undefined
    if (res.status === 401) handleExpired(res, answer)
    throw new ApiError(res.status, answer?.code ?? 'error', answer?.message ?? `${what} failed (${res.status})`)
  }
  return res
}

/** Calls a same-origin JSON endpoint and unwraps `{status, data|message}`. */
export async function callJson<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<ApiResult<T>> {
  const { json, ...rest } = init
  const res = await fetch(url, {
    ...rest,
    headers: {
      accept: 'application/json',
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...rest.headers,
    },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  })
  const body = (await res.json().catch(() => undefined)) as
    | { status?: string; data?: T; message?: string; code?: string; next_cursor?: string }
    | undefined
  if (!res.ok || body?.status === 'error') {
    // The sign-in forms have no session to lose: their 401 is a wrong password, shown on the form as identity said it.
    if (res.status === 401 && !url.startsWith('/api/auth/')) handleExpired(res, body)
    throw new ApiError(res.status, body?.code ?? 'error', body?.message ?? `Request failed (${res.status})`)
  }
  return {
    data: (body?.data ?? body) as T,
    message: body?.message,
    region: res.headers.get('x-parley-region') ?? undefined,
    nextCursor: body?.next_cursor,
  }
}

/** The backend through the BFF: `gw('conversations')`, `gw('us-east-1/tags')`. */
export function gw<T>(path: string, init?: RequestInit & { json?: unknown }) {
  return callJson<T>(`/api/gw/${path}`, init)
}
