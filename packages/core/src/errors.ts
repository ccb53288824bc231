import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** An error whose message is safe to show to the caller. Anything else becomes a 500 with a generic message. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = new.target.name
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, code = 'bad_request') {
    super(400, code, message)
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = 'Missing or invalid token') {
    super(401, 'unauthorized', message, { 'www-authenticate': 'Bearer' })
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'Forbidden') {
    super(403, 'forbidden', message)
  }
}
export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(404, 'not_found', message)
  }
}
export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, 'conflict', message)
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, 'payload_too_large', `Request body is larger than ${limitBytes} bytes`)
  }
}
export class TooManyRequestsError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(429, 'too_many_requests', message, { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) })
  }
}
export class ServiceUnavailableError extends AppError {
  constructor(message: string, retryAfterSeconds?: number) {
    super(503, 'unavailable', message, retryAfterSeconds ? { 'retry-after': String(Math.ceil(retryAfterSeconds)) } : {})
  }
}

/** The JSON body every Parley error response carries. */
export type ErrorBody = { status: 'error'; code: string; message: string }

export function errorBody(code: string, message: string): ErrorBody {
  return { status: 'error', code, message }
}
