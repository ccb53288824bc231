import type { IncomingMessage } from 'node:http'
import type { Context } from 'hono'
import proxyAddr from 'proxy-addr'
import { operations } from '../ops/index.js'
import type { Pool } from '../pool.js'
import { verifySigV4 } from '../security/sigv4.js'
import { usedSignaturesStore } from '../store/used-signatures.js'
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
export function cognitoEndpoint(pool: Pool, opts: { trustedProxies: string[]; observe?: OperationObserver }) {
  const trust = proxyAddr.compile(opts.trustedProxies)
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
      if (op.admin) await checkAdminSignature(pool, c, raw)
      const input = parseInput(op.input, parseBody(raw))
      const result = await op.run(pool, input, callerOf(c, trust))
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

async function checkAdminSignature(pool: Pool, c: Context, raw: string) {
  const creds = pool.settings.admin
  if (!creds)
    throw new CognitoError(
      'NotAuthorizedException',
      'Admin operations are disabled: set IDENTITY_ADMIN_ACCESS_KEY_ID and IDENTITY_ADMIN_SECRET_ACCESS_KEY',
    )
  const req = { method: c.req.method, url: new URL(c.req.url), headers: c.req.raw.headers, body: raw }
  const verified = await verifySigV4(req, creds, pool.clock.now())
  if (!verified)
    throw new CognitoError(
      'InvalidSignatureException',
      'The request signature does not match one made with the admin credentials.',
    )
  if (!(await usedSignaturesStore(pool.db).claim(verified.signature, verified.replayableUntil)))
    throw new CognitoError('InvalidSignatureException', 'This signed request was already used; sign a new one.')
}

/**
 * The client's address: the socket's peer, or, when that peer is one of the configured proxies
 * (IDENTITY_TRUSTED_PROXIES: the web server, a load balancer), the first untrusted hop of X-Forwarded-For.
 * A client that is not a trusted proxy cannot choose its own address by sending the header.
 */
function callerOf(c: Context, trust: ReturnType<typeof proxyAddr.compile>): Caller {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  if (!incoming?.socket?.remoteAddress) return { ip: 'in-process' }
  return { ip: proxyAddr(incoming, trust) }
}
