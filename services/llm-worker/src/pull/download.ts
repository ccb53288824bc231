import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, rename, rm, stat } from 'node:fs/promises'
import { AppError } from '@parley/core'
import type { EgressPolicy } from './egress.js'
import { guardedGet, TooManyRedirectsError } from './http-get.js'
import type { ProgressHub } from './progress.js'

/**
 * The source could not be downloaded; the message is safe to show. It says what failed, never what the source sent
 * back (its bytes or status code), so that pull cannot be used to read or probe other servers.
 */
export class DownloadError extends AppError {
  constructor(
    message: string,
    status: 502 | 404 | 413 = 502,
    /** A retry could help (a cut connection); a missing file or an over-large one stays so. */
    readonly retryable = status === 502,
  ) {
    super(status, status === 404 ? 'not_found' : status === 413 ? 'download_too_large' : 'download_failed', message)
  }
}

/** The bytes did not hash to the expected digest; nothing was kept. */
export class DigestMismatchError extends AppError {
  constructor(label: string) {
    super(502, 'digest_mismatch', `${label}: digest mismatch: the downloaded file was discarded`)
  }
}

/** How a download reaches the network and how much it may fetch. */
export type DownloadLimits = {
  policy: EgressPolicy
  maxRedirects: number
  /** Most bytes of one file; a source sending more is cut off and its partial file removed. */
  maxBytes: number
}

export type DownloadTarget = {
  url: string
  /** Where the bytes accumulate between attempts (and between runs, for resume). */
  partialPath: string
  /** Final path; renamed into place only after the digest checks out. */
  finalPath: (digest: string) => string
  /** `sha256:<hex>` when known in advance (registry blobs); a direct URL may not know it. */
  expectedDigest?: string
  /** The manifest's declared size, which then is the cap. */
  expectedSize?: number
  label: string
  headers?: Record<string, string>
}

const ATTEMPTS = 4

/**
 * Downloads a URL into `partialPath`, resuming with an HTTP Range request after a cut connection (and across runs,
 * since the partial file stays until it is complete), then checks the sha256 and renames it into place.
 * Returns the digest. A digest mismatch, a source over the size cap, or the requester going away (`signal`) delete
 * the partial file.
 */
export async function download(
  t: DownloadTarget,
  hub: ProgressHub,
  limits: DownloadLimits,
  signal?: AbortSignal,
): Promise<string> {
  try {
    return await downloadAndVerify(t, hub, limits, signal)
  } catch (err) {
    const final = signal?.aborted || !(err instanceof DownloadError) || !err.retryable
    if (final) await rm(t.partialPath, { force: true })
    throw err
  }
}

async function downloadAndVerify(t: DownloadTarget, hub: ProgressHub, limits: DownloadLimits, signal?: AbortSignal) {
  const cap = t.expectedSize ?? limits.maxBytes
  if (cap > limits.maxBytes) throw tooLarge(t.label, limits.maxBytes)
  let lastError: unknown
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    signal?.throwIfAborted()
    try {
      await fetchInto(t, hub, limits, cap, signal)
      lastError = undefined
      break
    } catch (err) {
      if (signal?.aborted) throw err
      if (err instanceof TooManyRedirectsError) throw new DownloadError(`${t.label}: ${failure(err)}`, 502, false)
      if (err instanceof AppError && !(err instanceof DownloadError && err.retryable)) throw err
      lastError = err
      await new Promise((r) => setTimeout(r, 100 * attempt))
    }
  }
  if (lastError)
    throw lastError instanceof AppError ? lastError : new DownloadError(`${t.label}: ${failure(lastError)}`)

  hub.emit({ status: 'verifying sha256 digest' }, true)
  const actual = await hashFile(t.partialPath)
  if (t.expectedDigest && `sha256:${actual}` !== t.expectedDigest) {
    await rm(t.partialPath, { force: true })
    throw new DigestMismatchError(t.label)
  }
  const digest = `sha256:${actual}`
  await rename(t.partialPath, t.finalPath(digest))
  return digest
}

function tooLarge(label: string, maxBytes: number): DownloadError {
  return new DownloadError(`${label}: larger than the ${maxBytes}-byte limit (PULL_MAX_BYTES)`, 413, false)
}

/** What went wrong on the way, in our words: no remote bytes or status in it. */
export function failure(err: unknown): string {
  if (err instanceof TooManyRedirectsError) return 'the source redirected too many times'
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'could not resolve the source host'
  if (code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return 'could not connect to the source'
  if (code === 'ESILENT') return 'the source stopped sending'
  return 'the download failed'
}

async function fetchInto(
  t: DownloadTarget,
  hub: ProgressHub,
  limits: DownloadLimits,
  cap: number,
  signal?: AbortSignal,
) {
  const have = (await stat(t.partialPath).catch(() => undefined))?.size ?? 0
  if (t.expectedSize !== undefined && have === t.expectedSize) return
  if (have > cap) await rm(t.partialPath, { force: true })
  const offset = have > cap ? 0 : have
  const res = await guardedGet(t.url, {
    headers: { ...t.headers, ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) },
    signal,
    policy: limits.policy,
    maxRedirects: limits.maxRedirects,
  })
  const { body } = res
  try {
    if (res.status === 404) throw new DownloadError(`${t.label}: not found at the source`, 404)
    if (res.status === 416 && offset > 0) {
      // The partial file is already whole (or the server disagrees): start again from zero.
      await rm(t.partialPath, { force: true })
      throw new DownloadError(`${t.label}: range not satisfiable; restarting`)
    }
    if (res.status < 200 || res.status >= 300) throw new DownloadError(`${t.label}: the source refused the download`)
    const resumed = res.status === 206
    const declared = Number(res.headers['content-length']) || 0
    const total = t.expectedSize ?? declared + (resumed ? offset : 0)
    if (total > cap) throw tooLarge(t.label, cap)
    const file = await open(t.partialPath, resumed ? 'a' : 'w')
    let completed = resumed ? offset : 0
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        completed += chunk.length
        if (completed > cap) {
          if (t.expectedSize !== undefined)
            throw new DownloadError(`${t.label}: more bytes than the manifest says`, 502, false)
          throw tooLarge(t.label, cap)
        }
        await file.write(chunk)
        hub.emit({ status: `pulling ${t.label}`, digest: t.expectedDigest, total, completed })
      }
    } finally {
      await file.close()
    }
    hub.emit({ status: `pulling ${t.label}`, digest: t.expectedDigest, total, completed }, true)
    if (t.expectedSize !== undefined && completed !== t.expectedSize)
      throw new DownloadError(`${t.label}: connection closed after ${completed} of ${t.expectedSize} bytes`)
  } finally {
    body.destroy()
  }
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
