import { createHash, createHmac } from 'node:crypto'
import { sameBytes } from './secrets.js'

export type AdminCredentials = { accessKeyId: string; secretAccessKey: string }

type SignedRequest = { method: string; url: URL; headers: Headers; body: string }

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/
const MAX_SKEW_MS = 15 * 60 * 1000

const hex = (data: string) => createHash('sha256').update(data).digest('hex')
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest()
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * Checks an AWS Signature Version 4 request, as the AWS SDK signs Admin* calls, against the configured credentials.
 * The signature is recomputed over what the server received and compared in constant time.
 */
export function verifySigV4(req: SignedRequest, creds: AdminCredentials, nowMs: number): boolean {
  const m = AUTH.exec(req.headers.get('authorization') ?? '')
  const amzDate = req.headers.get('x-amz-date') ?? ''
  if (!m || !/^\d{8}T\d{6}Z$/.test(amzDate)) return false
  const [, keyId, day, region, service, signedHeaderList, signature] = m as unknown as string[]
  if (keyId !== creds.accessKeyId || !amzDate.startsWith(day as string)) return false
  const signedAt = Date.parse(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  )
  if (!Number.isFinite(signedAt) || Math.abs(nowMs - signedAt) > MAX_SKEW_MS) return false

  const signed = (signedHeaderList as string).split(';')
  if (!signed.includes('host')) return false
  const canonicalHeaders = signed
    .map((name) => `${name}:${(req.headers.get(name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('')
  const canonicalPath = req.url.pathname
    .split('/')
    .map((segment) => rfc3986(segment))
    .join('/')
  const canonicalQuery = [...req.url.searchParams.entries()]
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .sort()
    .join('&')
  const payloadHash = req.headers.get('x-amz-content-sha256') ?? hex(req.body)
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalPath,
    canonicalQuery,
    canonicalHeaders,
    signedHeaderList,
    payloadHash,
  ].join('\n')
  const scope = `${day}/${region}/${service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, hex(canonicalRequest)].join('\n')
  let key = hmac(`AWS4${creds.secretAccessKey}`, day as string)
  for (const part of [region as string, service as string, 'aws4_request']) key = hmac(key, part)
  const expected = hmac(key, stringToSign)
  return sameBytes(expected, Buffer.from(signature as string, 'hex'))
}
