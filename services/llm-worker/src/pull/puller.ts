import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError, BadRequestError, type Logger } from '@parley/core'
import { sha256 } from '../store/atomic.js'
import { withFileLock } from '../store/file-lock.js'
import { configForGguf } from '../store/gguf-details.js'
import { Manifest, MEDIA_TYPES } from '../store/manifest.js'
import type { ModelStore } from '../store/model-store.js'
import { DEFAULT_REGISTRY_HOST, displayName, type ModelName, parseModelName } from '../store/names.js'
import { DownloadError, type DownloadLimits, download, failure } from './download.js'
import { PUBLIC_ONLY } from './egress.js'
import { guardedGet } from './http-get.js'
import { ProgressHub, type ProgressListener } from './progress.js'

export type PullRequest = {
  name: string
  /** Parley extension: pull a GGUF file from this URL instead of a registry. */
  url?: string
  /** Expected `sha256:<hex>` of the file at `url`. */
  digest?: string
  /** Use http:// for a registry host named in the model name (Ollama's `insecure`). */
  insecure?: boolean
}

/** One download in progress, shared by every pull waiting on it; it is aborted when the last of them goes away. */
type Job = { hub: ProgressHub; done: Promise<string>; abort: AbortController; waiters: number }

const MAX_MANIFEST_BYTES = 1 << 20

export type PullerOptions = {
  store: ModelStore
  registryUrl: string
  log: Logger
  /** Egress policy, redirects and size cap; default public addresses only, 5 redirects, 64 GiB. */
  limits?: Partial<DownloadLimits>
}

export const DEFAULT_PULL_LIMITS: DownloadLimits = {
  policy: PUBLIC_ONLY,
  maxRedirects: 5,
  maxBytes: 64 * 1024 ** 3,
}

/**
 * Pulls models into the store: from an Ollama registry (manifest, then each blob by digest) or from a direct GGUF URL.
 * Concurrent pulls of one blob in this process share a single download; across processes (two workers on one EFS
 * store) a lock file makes the second wait and then reuse the blob. The manifest is written last, so a failed pull
 * leaves no model behind.
 */
export class Puller {
  private readonly inflight = new Map<string, Job>()
  private readonly limits: DownloadLimits

  constructor(private readonly opts: PullerOptions) {
    this.limits = { ...DEFAULT_PULL_LIMITS, ...opts.limits }
  }

  async pull(req: PullRequest, onProgress: ProgressListener, signal?: AbortSignal): Promise<void> {
    const name = parseModelName(req.name)
    if (req.url) await this.pullUrl(name, req.url, req.digest, onProgress, signal)
    else await this.pullRegistry(name, req.insecure ?? false, onProgress, signal)
    onProgress({ status: 'success' })
    this.opts.log.info({ model: displayName(name), from: req.url ?? 'registry' }, 'model pulled')
  }

  private async pullRegistry(name: ModelName, insecure: boolean, onProgress: ProgressListener, signal?: AbortSignal) {
    const base =
      name.host === DEFAULT_REGISTRY_HOST
        ? this.opts.registryUrl.replace(/\/+$/, '')
        : `${insecure ? 'http' : 'https'}://${name.host}`
    const repo = `${base}/v2/${name.namespace}/${name.model}`
    onProgress({ status: 'pulling manifest' })
    const manifest = await fetchManifest(`${repo}/manifests/${name.tag}`, this.limits, signal)
    const declared = [...manifest.layers, manifest.config].reduce((sum, l) => sum + l.size, 0)
    if (declared > this.limits.maxBytes)
      throw new DownloadError(
        `pull model manifest: the model is larger than the ${this.limits.maxBytes}-byte limit (PULL_MAX_BYTES)`,
        413,
        false,
      )
    for (const layer of [...manifest.layers, manifest.config])
      await this.blob(layer.digest, layer.size, `${repo}/blobs/${layer.digest}`, onProgress, signal)
    onProgress({ status: 'writing manifest' })
    await this.opts.store.writeManifest(displayName(name), manifest)
  }

  private async pullUrl(
    name: ModelName,
    url: string,
    digest: string | undefined,
    onProgress: ProgressListener,
    signal?: AbortSignal,
  ) {
    const { store } = this.opts
    const key = `url-${sha256(url).slice(0, 32)}`
    const weights = await this.shared(key, onProgress, signal, (hub, jobSignal) =>
      withFileLock(join(store.blobsDir, `${key}.lock`), () =>
        download(
          {
            url,
            partialPath: join(store.blobsDir, `${key}-partial`),
            finalPath: (d) => store.blobPath(d),
            expectedDigest: digest,
            label: key.slice(4, 16),
          },
          hub,
          this.limits,
          jobSignal,
        ),
      ),
    )
    const path = store.blobPath(weights)
    let config: Record<string, unknown>
    try {
      config = await configForGguf(path)
    } catch (err) {
      await rm(path, { force: true })
      throw err
    }
    const size = (await stat(path)).size
    const configLayer = await store.putBlob(JSON.stringify(config), MEDIA_TYPES.config)
    onProgress({ status: 'writing manifest' })
    await store.writeManifest(displayName(name), {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.manifest,
      config: configLayer,
      layers: [{ mediaType: MEDIA_TYPES.model, digest: weights, size }],
    })
  }

  private async blob(digest: string, size: number, url: string, onProgress: ProgressListener, signal?: AbortSignal) {
    const { store } = this.opts
    const label = digest.slice(7, 19)
    if (await store.hasBlob(digest, size)) {
      onProgress({ status: `pulling ${label}`, digest, total: size, completed: size })
      return
    }
    const blob = store.blobPath(digest)
    await this.shared(digest, onProgress, signal, (hub, jobSignal) =>
      withFileLock(`${blob}.lock`, async () => {
        if (await store.hasBlob(digest, size)) return digest // another process finished it while we waited
        return download(
          {
            url,
            partialPath: `${blob}-partial`,
            finalPath: () => blob,
            expectedDigest: digest,
            expectedSize: size,
            label,
          },
          hub,
          this.limits,
          jobSignal,
        )
      }),
    )
  }

  /**
   * Runs `work` once per key in this process; later callers subscribe to its progress and await the same result.
   * A caller whose `signal` aborts (its client went away) stops waiting at once; the work itself is aborted, and its
   * partial file removed, only when no caller is left waiting for it.
   */
  private async shared(
    key: string,
    onProgress: ProgressListener,
    signal: AbortSignal | undefined,
    work: (hub: ProgressHub, signal: AbortSignal) => Promise<string>,
  ) {
    signal?.throwIfAborted()
    let job = this.inflight.get(key)
    if (!job) {
      const hub = new ProgressHub()
      const abort = new AbortController()
      const done = work(hub, abort.signal).finally(() => this.inflight.delete(key))
      job = { hub, done, abort, waiters: 0 }
      this.inflight.set(key, job)
    }
    const current = job
    current.waiters++
    const unsubscribe = current.hub.subscribe(onProgress)
    let onAbort = () => {}
    const left = new Promise<never>((_, reject) => {
      onAbort = () => reject(new DownloadError('pull: the requester went away; download stopped', 502, false))
      signal?.addEventListener('abort', onAbort, { once: true })
    })
    left.catch(() => {})
    try {
      return await Promise.race([current.done, left])
    } finally {
      signal?.removeEventListener('abort', onAbort)
      unsubscribe()
      if (--current.waiters === 0 && signal?.aborted) current.abort.abort(new Error('every requester went away'))
    }
  }
}

async function fetchManifest(url: string, limits: DownloadLimits, signal?: AbortSignal): Promise<Manifest> {
  let text: string
  try {
    const res = await guardedGet(url, { headers: { accept: MEDIA_TYPES.manifest }, signal, ...limits })
    try {
      if (res.status === 404) throw new DownloadError('pull model manifest: file does not exist', 404)
      if (res.status < 200 || res.status >= 300)
        throw new DownloadError('pull model manifest: the registry refused the request', 502, false)
      text = await readCapped(res.body, MAX_MANIFEST_BYTES)
    } finally {
      res.body.destroy()
    }
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new DownloadError(offlineMessage(url, err) ?? `pull model manifest: ${failure(err)}`)
  }
  try {
    return Manifest.parse(JSON.parse(text))
  } catch {
    throw new DownloadError('pull model manifest: the registry sent an invalid manifest', 502, false)
  }
}

const NETWORK_DOWN = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'])

/**
 * The registry could not be reached at all: name the host tried, say the machine looks offline, and say how to add a
 * model without a network (a local GGUF file).
 */
function offlineMessage(url: string, err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException).code ?? ((err as { cause?: NodeJS.ErrnoException }).cause?.code || '')
  if (!NETWORK_DOWN.has(code)) return undefined
  return (
    `could not reach ${new URL(url).host} (${failure(err)}): this machine looks offline. ` +
    'Without a network, add a GGUF file you have: parley model import FILE NAME (or npm run models:real for the test weights)'
  )
}

/** Reads a body as text, refusing it once it passes `maxBytes` instead of buffering whatever the source sends. */
async function readCapped(body: AsyncIterable<Buffer>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += chunk.length
    if (size > maxBytes) throw new DownloadError('pull model manifest: too large', 502, false)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export function assertHttpUrl(url: string): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new BadRequestError('url: not a valid URL', 'invalid_url')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new BadRequestError('url: only http and https are supported', 'invalid_url')
}
