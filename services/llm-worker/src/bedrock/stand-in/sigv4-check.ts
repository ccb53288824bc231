import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { SignatureV4 } from '@smithy/signature-v4'

export type StandInCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

/** node:crypto behind the Checksum shape SignatureV4 expects (what @smithy/hash-node does). */
class NodeSha256 {
  private readonly hash: Hash | Hmac
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret))
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data))
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest())
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8')
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  return Buffer.from(data)
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/

/** Why AWS would refuse the request (its own exception names), or undefined when the SigV4 signature holds. */
export type SigV4Refusal = {
  type: 'MissingAuthenticationTokenException' | 'UnrecognizedClientException' | 'InvalidSignatureException'
  message: string
}

/**
 * Checks a request's SigV4 signature the way AWS does: the Authorization header's scope (key, date, region,
 * service) and the signature itself, recomputed with @smithy/signature-v4 over the headers it says it signed.
 */
export async function checkSigV4(
  req: IncomingMessage,
  body: Buffer,
  expected: { credentials: StandInCredentials; region: string; service: string },
): Promise<SigV4Refusal | undefined> {
  const auth = req.headers.authorization
  if (!auth) return { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }
  const m = AUTH.exec(auth)
  if (!m) return { type: 'InvalidSignatureException', message: 'Authorization header is not a SigV4 signature' }
  const [, keyId, , region, service, signedHeaders, signature] = m
  if (keyId !== expected.credentials.accessKeyId)
    return { type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }
  if (region !== expected.region || service !== expected.service)
    return {
      type: 'InvalidSignatureException',
      message: `Credential should be scoped to ${expected.region}/${expected.service}`,
    }
  const amzDate = req.headers['x-amz-date']
  if (typeof amzDate !== 'string' || !/^\d{8}T\d{6}Z$/.test(amzDate))
    return { type: 'InvalidSignatureException', message: 'Missing or malformed X-Amz-Date' }
  const headers: Record<string, string> = {}
  for (const name of signedHeaders!.split(';')) {
    const value = req.headers[name]
    if (value === undefined) return { type: 'InvalidSignatureException', message: `Signed header ${name} is missing` }
    headers[name] = Array.isArray(value) ? value.join(',') : value
  }
  const url = new URL(req.url ?? '/', 'http://stand-in')
  const signer = new SignatureV4({ credentials: expected.credentials, region, service: service!, sha256: NodeSha256 })
  const signed = await signer.sign(
    {
      method: req.method ?? 'POST',
      protocol: 'http:',
      hostname: (req.headers.host ?? '').replace(/:\d+$/, ''),
      port: Number((req.headers.host ?? '').split(':')[1]) || undefined,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    },
    { signingDate: parseAmzDate(amzDate), signableHeaders: new Set(signedHeaders!.split(';')) },
  )
  const ours = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1]
  if (ours !== signature)
    return {
      type: 'InvalidSignatureException',
      message: 'The request signature we calculated does not match the signature you provided.',
    }
  return undefined
}

function parseAmzDate(s: string): Date {
  return new Date(
    `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`,
  )
}
