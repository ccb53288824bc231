import type { IncomingMessage } from 'node:http'
import type { Context } from 'hono'
import { operations } from '../ops/index.js'
import type { Pool } from '../pool.js'
import { verifySigV4 } from '../security/sigv4.js'
import { CognitoError } from './errors.js'
import { type Caller, parseInput } from './operation.js'

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.'
const CONTENT_TYPES = ['application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/json']
export const AMZ_JSON = 'application/x-amz-json-1.1'
const THROTTLED = new Set(['TooManyRequestsException', 'LimitExceededException'])

export type OperationObserver = (op: string, outcome: string) => void

/**
 * `POST /`: the Cognito user-pool JSON protocol. Reads the operation from `X-Amz-Target`, parses the body itself
 * (Hono's JSON validator does not accept the amz-json content type) and answers in the same protocol.
 */
export function cognitoEndpoint(pool: Pool, opts: { trustProxy: boolean; observe?: OperationObserver }) {
  return async (c: Context) => {
    const target = c.req.header('x-amz-target') ?? ''
    const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : ''
    const op = Object.hasOwn(operations, name) ? operations[name] : undefined
    try {
      const contentType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
      if (!CONTENT_TYPES.includes(contentType))
        throw new CognitoError('SerializationException', `Content-Type must be ${AMZ_JSON}`)
      if (!op)
        throw new CognitoError(
          'UnknownOperationException',
          `Unknown operation ${target.slice(0, 100) || '(no X-Amz-Target)'}`,
        )
      const raw = await c.req.text()
      if (op.admin) checkAdminSignature(pool, c, raw)
      const input = parseInput(op.input, parseBody(raw))
      const result = await op.run(pool, input, callerOf(c, opts.trustProxy))
      opts.observe?.(name, 'ok')
      return c.body(JSON.stringify(result), 200, { 'content-type': AMZ_JSON })
    } catch (err) {
      if (err instanceof CognitoError) {
        opts.observe?.(op ? name : 'unknown', err.type)
        // Throttling is worth a line: it is how a guessing attack shows up.
        if (THROTTLED.has(err.type)) pool.log.warn({ op: name, type: err.type }, 'attempts throttled')
      }
      throw err
    }
  }
}

function parseBody(raw: string): unknown {
  let body: unknown
  try {
    body = JSON.parse(raw || '{}')
  } catch {
    throw new CognitoError('SerializationException', 'The request body is not valid JSON')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new CognitoError('SerializationException', 'The request body must be a JSON object')
  return body
}

function checkAdminSignature(pool: Pool, c: Context, raw: string) {
  const creds = pool.settings.admin
  if (!creds)
    throw new CognitoError(
      'NotAuthorizedException',
      'Admin operations are disabled: set IDENTITY_ADMIN_ACCESS_KEY_ID and IDENTITY_ADMIN_SECRET_ACCESS_KEY',
    )
  const req = { method: c.req.method, url: new URL(c.req.url), headers: c.req.raw.headers, body: raw }
  if (!verifySigV4(req, creds, pool.clock.now()))
    throw new CognitoError(
      'InvalidSignatureException',
      'The request signature does not match one made with the admin credentials.',
    )
}

/** The client's address: the socket's peer, or the proxy's last X-Forwarded-For hop when the proxy is trusted. */
function callerOf(c: Context, trustProxy: boolean): Caller {
  if (trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean)
    const last = hops.at(-1)
    if (last) return { ip: last }
  }
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  return { ip: incoming?.socket?.remoteAddress ?? 'in-process' }
}
