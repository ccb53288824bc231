import { createHash, createHmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
import { sameBytes } from './secrets.js'

export type AdminCredentials = { accessKeyId: string; secretAccessKey: string }

type SignedRequest = { method: string; url: URL; headers: Headers; body: string }

/** A verified signature: its value (to refuse a replay) and until when a replay could still pass the skew check. */
export type VerifiedSignature = { signature: string; replayableUntil: Date }

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/
const MAX_SKEW_MS = 15 * 60 * 1000
// The service name the AWS SDK signs Cognito user-pool calls with; a signature made for another service is refused.
const SERVICE = 'cognito-idp'

/** node:crypto's SHA-256 in the shape @smithy/signature-v4 takes (an HMAC when given a secret). */
class NodeSha256 {
  private readonly hash
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret))
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(bytes(data))
  }
  async digest() {
    return new Uint8Array(this.hash.digest())
  }
}

const bytes = (d: string | ArrayBuffer | ArrayBufferView) =>
  typeof d === 'string'
    ? Buffer.from(d)
    : ArrayBuffer.isView(d)
      ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
      : Buffer.from(d)

const parseAmzDate = (d: string) =>
  Date.parse(
    `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`,
  )

/**
 * Checks an AWS Signature Version 4 request, as the AWS SDK signs Admin* calls, against the configured credentials.
 * The body is hashed here (an `x-amz-content-sha256` header must match that hash, never stand in for it), and the
 * signature is recomputed with the AWS SDK's own signer over the headers the client signed, then compared in
 * constant time. Returns undefined for any mismatch.
 */
export async function verifySigV4(
  req: SignedRequest,
  creds: AdminCredentials,
  nowMs: number,
): Promise<VerifiedSignature | undefined> {
  const m = AUTH.exec(req.headers.get('authorization') ?? '')
  const amzDate = req.headers.get('x-amz-date') ?? ''
  if (!m || !/^\d{8}T\d{6}Z$/.test(amzDate)) return undefined
  const [, keyId, day, region, service, signedHeaderList, signature] = m as unknown as string[]
  if (keyId !== creds.accessKeyId || service !== SERVICE || !amzDate.startsWith(day as string)) return undefined
  const signedAt = parseAmzDate(amzDate)
  if (!Number.isFinite(signedAt) || Math.abs(nowMs - signedAt) > MAX_SKEW_MS) return undefined

  const bodyHash = createHash('sha256').update(req.body).digest('hex')
  const declared = req.headers.get('x-amz-content-sha256')
  if (declared !== null && declared !== bodyHash) return undefined
  const signedNames = (signedHeaderList as string).split(';')
  if (!signedNames.includes('host') || !signedNames.includes('x-amz-date')) return undefined
  const headers: Record<string, string> = {}
  for (const name of signedNames) {
    const value = req.headers.get(name)
    if (value === null) return undefined
    headers[name] = value
  }

  const signer = new SignatureV4({ credentials: creds, region: region as string, service: SERVICE, sha256: NodeSha256 })
  const resigned = await signer.sign(
    {
      method: req.method.toUpperCase(),
      protocol: req.url.protocol,
      hostname: req.url.hostname,
      port: req.url.port ? Number(req.url.port) : undefined,
      path: req.url.pathname,
      query: Object.fromEntries(req.url.searchParams),
      headers,
      body: req.body,
    },
    { signingDate: new Date(signedAt), signableHeaders: new Set(signedNames) },
  )
  const expected = /SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(String(resigned.headers.authorization))
  if (!expected || expected[1] !== signedHeaderList) return undefined
  if (!sameBytes(Buffer.from(expected[2] as string, 'hex'), Buffer.from(signature as string, 'hex'))) return undefined
  return { signature: signature as string, replayableUntil: new Date(signedAt + MAX_SKEW_MS + 60_000) }
}
