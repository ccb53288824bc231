import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, rename, rm, stat } from 'node:fs/promises'
import { AppError } from '@parley/core'
import type { ProgressHub } from './progress.js'

/** The source could not be downloaded (network, HTTP status); the message is safe to show. */
export class DownloadError extends AppError {
  constructor(message: string, status: 502 | 404 = 502) {
    super(status, status === 404 ? 'not_found' : 'download_failed', message)
  }
}

/** The bytes did not hash to the expected digest; nothing was kept. */
export class DigestMismatchError extends AppError {
  constructor(expected: string, actual: string) {
    super(
      502,
      'digest_mismatch',
      `digest mismatch: expected ${expected}, got sha256:${actual}; the download was discarded`,
    )
  }
}

export type DownloadTarget = {
  url: string
  /** Where the bytes accumulate between attempts (and between runs, for resume). */
  partialPath: string
  /** Final path; renamed into place only after the digest checks out. */
  finalPath: (digest: string) => string
  /** `sha256:<hex>` when known in advance (registry blobs); a direct URL may not know it. */
  expectedDigest?: string
  expectedSize?: number
  label: string
  headers?: Record<string, string>
}

const ATTEMPTS = 4

/**
 * Downloads a URL into `partialPath`, resuming with an HTTP Range request after a cut connection (and across runs,
 * since the partial file stays until it is complete), then checks the sha256 and renames it into place.
 * Returns the digest. A digest mismatch deletes the partial file and throws.
 */
export async function download(t: DownloadTarget, hub: ProgressHub, signal?: AbortSignal): Promise<string> {
  let lastError: unknown
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    signal?.throwIfAborted()
    try {
      await fetchInto(t, hub, signal)
      lastError = undefined
      break
    } catch (err) {
      if (err instanceof DownloadError && err.status === 404) throw err
      if (signal?.aborted) throw err
      lastError = err
      await new Promise((r) => setTimeout(r, 100 * attempt))
    }
  }
  if (lastError)
    throw lastError instanceof AppError ? lastError : new DownloadError(`${t.label}: ${(lastError as Error).message}`)

  hub.emit({ status: 'verifying sha256 digest' }, true)
  const actual = await hashFile(t.partialPath)
  if (t.expectedDigest && `sha256:${actual}` !== t.expectedDigest) {
    await rm(t.partialPath, { force: true })
    throw new DigestMismatchError(t.expectedDigest, actual)
  }
  const digest = `sha256:${actual}`
  await rename(t.partialPath, t.finalPath(digest))
  return digest
}

async function fetchInto(t: DownloadTarget, hub: ProgressHub, signal?: AbortSignal): Promise<void> {
  const have = (await stat(t.partialPath).catch(() => undefined))?.size ?? 0
  if (t.expectedSize !== undefined && have === t.expectedSize) return
  if (t.expectedSize !== undefined && have > t.expectedSize) await rm(t.partialPath, { force: true })
  const offset = t.expectedSize !== undefined && have > t.expectedSize ? 0 : have
  const res = await fetch(t.url, {
    headers: { ...t.headers, ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) },
    redirect: 'follow',
    signal,
  })
  if (res.status === 404) throw new DownloadError(`${t.label}: not found at the source`, 404)
  if (res.status === 416 && offset > 0) {
    // The partial file is already whole (or the server disagrees): start again from zero.
    await rm(t.partialPath, { force: true })
    throw new Error('range not satisfiable; restarting')
  }
  if (!res.ok || !res.body) throw new DownloadError(`${t.label}: the source answered HTTP ${res.status}`)
  const resumed = res.status === 206
  const total = t.expectedSize ?? (Number(res.headers.get('content-length')) || 0) + (resumed ? offset : 0)
  const file = await open(t.partialPath, resumed ? 'a' : 'w')
  let completed = resumed ? offset : 0
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      await file.write(chunk)
      completed += chunk.length
      if (t.expectedSize !== undefined && completed > t.expectedSize)
        throw new Error('more bytes than the manifest says')
      hub.emit({ status: `pulling ${t.label}`, digest: t.expectedDigest, total, completed })
    }
  } finally {
    await file.close()
  }
  hub.emit({ status: `pulling ${t.label}`, digest: t.expectedDigest, total, completed }, true)
  if (t.expectedSize !== undefined && completed !== t.expectedSize)
    throw new Error(`connection closed after ${completed} of ${t.expectedSize} bytes`)
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
