import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import https from 'node:https'
import { BadRequestError } from '@parley/core'
import ipaddr from 'ipaddr.js'
import {
  bareHostname,
  type EgressPolicy,
  EgressRefusedError,
  guardedLookup,
  isAllowedHost,
  isPublicAddress,
} from './egress.js'

export type GuardedGetOptions = {
  headers?: Record<string, string>
  signal?: AbortSignal
  policy: EgressPolicy
  /** Redirects followed before giving up; each hop is checked like the first. */
  maxRedirects: number
}

export type GuardedResponse = { status: number; headers: IncomingHttpHeaders; body: IncomingMessage; url: URL }

/** The source sent more redirects than allowed. */
export class TooManyRedirectsError extends Error {
  constructor() {
    super('too many redirects')
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])
/** Longest silence on a pull's connection, connecting and reading alike. */
export const SILENCE_MS = 60_000

/**
 * GET through the egress policy: http and https only, every hop's host resolved and checked (an IP literal
 * directly, a name through `guardedLookup`), redirects followed by hand up to `maxRedirects`. Credentials are not
 * carried to another origin.
 */
export async function guardedGet(start: string | URL, opts: GuardedGetOptions): Promise<GuardedResponse> {
  let url = new URL(start)
  let headers = { ...opts.headers }
  for (let hop = 0; ; hop++) {
    const res = await getOnce(url, headers, opts)
    const location = res.headers.location
    if (!REDIRECTS.has(res.statusCode ?? 0) || !location) {
      return { status: res.statusCode ?? 0, headers: res.headers, body: res, url }
    }
    res.resume()
    if (hop >= opts.maxRedirects) throw new TooManyRedirectsError()
    const next = new URL(location, url)
    if (next.origin !== url.origin) headers = withoutCredentials(headers)
    url = next
  }
}

function assertReachable(url: URL, policy: EgressPolicy): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new BadRequestError('pull: only http and https sources are supported', 'invalid_url')
  if (isAllowedHost(url, policy)) return true
  const host = bareHostname(url)
  // An IP literal never goes through lookup, so it is checked here.
  if (ipaddr.isValid(host) && !isPublicAddress(host)) throw new EgressRefusedError(url.host)
  return false
}

function getOnce(url: URL, headers: Record<string, string>, opts: GuardedGetOptions): Promise<IncomingMessage> {
  const allowed = assertReachable(url, opts.policy)
  const transport = url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = transport.get(url, {
      headers,
      signal: opts.signal,
      ...(allowed ? {} : { lookup: guardedLookup(url.host) as never }),
    })
    // A source that accepts and then says nothing (before or during the body) must not hold a pull forever.
    req.setTimeout(SILENCE_MS, () =>
      req.destroy(Object.assign(new Error('the source went silent'), { code: 'ESILENT' })),
    )
    req.once('response', resolve)
    req.once('error', reject)
  })
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) if (!['authorization', 'cookie'].includes(k.toLowerCase())) out[k] = v
  return out
}
