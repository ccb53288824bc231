import { zValidator } from '@hono/zod-validator'
import type { MiddlewareHandler, ValidationTargets } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { z } from 'zod'
import { BadRequestError, PayloadTooLargeError } from './errors.js'

/**
 * Rejects bodies over `maxBytes` with 413, counting streamed bodies too, before anything parses them. A declared
 * Content-Length is checked from the header alone (Node's parser never reads past it), as hono's bodyLimit does,
 * but without touching `c.req.raw.body`: on @hono/node-server that getter builds a full web Request and stream for
 * every POST, which cost more than parsing the JSON; left alone, `c.req.json()` reads the socket directly.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const streamed = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(maxBytes)
    },
  })
  return async (c, next) => {
    const declared = c.req.header('content-length')
    // No length declared (chunked, or a Lambda event without the header): count the bytes as they come.
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next)
    if (Number.parseInt(declared, 10) > maxBytes) throw new PayloadTooLargeError(maxBytes)
    return next()
  }
}

/** Describes the first zod issue in one line, e.g. `title: Too big: expected string to have <=200 characters`. */
export function describeZodError(error: { issues: z.core.$ZodIssue[] }): string {
  const issue = error.issues[0]
  if (!issue) return 'Invalid input'
  const where = issue.path.length ? `${issue.path.join('.')}: ` : ''
  return `${where}${issue.message}`
}

/**
 * zod validation for a request part; failures (malformed JSON included) become a 400 with a readable message.
 * Hono answers malformed JSON itself before the hook runs, so that case is caught in `createBaseApp`'s error mapping.
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw new BadRequestError(describeZodError(result.error), 'invalid_input')
  })
}
