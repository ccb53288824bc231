import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { BadRequestError, type Logger } from '@parley/core'
import { sha256 } from '../store/atomic.js'
import { withFileLock } from '../store/file-lock.js'
import { configForGguf } from '../store/gguf-details.js'
import { Manifest, MEDIA_TYPES } from '../store/manifest.js'
import type { ModelStore } from '../store/model-store.js'
import { DEFAULT_REGISTRY_HOST, displayName, type ModelName, parseModelName } from '../store/names.js'
import { DownloadError, download } from './download.js'
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

type Job = { hub: ProgressHub; done: Promise<string> }

const MAX_MANIFEST_BYTES = 1 << 20

/**
 * Pulls models into the store: from an Ollama registry (manifest, then each blob by digest) or from a direct GGUF URL.
 * Concurrent pulls of one blob in this process share a single download; across processes (two workers on one EFS
 * store) a lock file makes the second wait and then reuse the blob. The manifest is written last, so a failed pull
 * leaves no model behind.
 */
export class Puller {
  private readonly inflight = new Map<string, Job>()

  constructor(private readonly opts: { store: ModelStore; registryUrl: string; log: Logger }) {}

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
    const manifest = await fetchManifest(`${repo}/manifests/${name.tag}`, signal)
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
    const weights = await this.shared(key, onProgress, (hub) =>
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
          signal,
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
    await this.shared(digest, onProgress, (hub) =>
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
          signal,
        )
      }),
    )
  }

  /** Runs `work` once per key in this process; later callers subscribe to its progress and await the same result. */
  private async shared(key: string, onProgress: ProgressListener, work: (hub: ProgressHub) => Promise<string>) {
    let job = this.inflight.get(key)
    if (!job) {
      const hub = new ProgressHub()
      const done = work(hub).finally(() => this.inflight.delete(key))
      job = { hub, done }
      this.inflight.set(key, job)
    }
    const unsubscribe = job.hub.subscribe(onProgress)
    try {
      return await job.done
    } finally {
      unsubscribe()
    }
  }
}

async function fetchManifest(url: string, signal?: AbortSignal): Promise<Manifest> {
  let res: Response
  try {
    res = await fetch(url, { headers: { accept: MEDIA_TYPES.manifest }, signal })
  } catch (err) {
    throw new DownloadError(`pull model manifest: ${(err as Error).message}`)
  }
  if (res.status === 404) throw new DownloadError('pull model manifest: file does not exist', 404)
  if (!res.ok) throw new DownloadError(`pull model manifest: the registry answered HTTP ${res.status}`)
  const text = await res.text()
  if (text.length > MAX_MANIFEST_BYTES) throw new DownloadError('pull model manifest: too large')
  try {
    return Manifest.parse(JSON.parse(text))
  } catch {
    throw new DownloadError('pull model manifest: the registry sent an invalid manifest')
  }
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
