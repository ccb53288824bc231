import { readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { NotFoundError } from '@parley/core'
import { sha256, writeFileAtomic } from './atomic.js'
import { detailsFromConfig, type Layer, Manifest, MEDIA_TYPES, type ModelDetails } from './manifest.js'
import { displayName, type ModelName, parseModelName } from './names.js'

export type StoredModel = {
  name: string
  model: string
  /** sha256 of the manifest, as Ollama reports it. */
  digest: string
  size: number
  modified_at: string
  details: ModelDetails
}

export type ResolvedModel = StoredModel & { modelPath: string; manifest: Manifest; layers: Record<string, string> }

/**
 * The model store, laid out exactly like Ollama's (`manifests/<host>/<namespace>/<model>/<tag>` and
 * `blobs/sha256-<hex>`), so an Ollama models directory works as is. Every write is a temp file then a rename.
 */
export class ModelStore {
  readonly blobsDir: string
  readonly manifestsDir: string

  constructor(readonly dir: string) {
    this.blobsDir = join(dir, 'blobs')
    this.manifestsDir = join(dir, 'manifests')
  }

  blobPath(digest: string): string {
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`bad digest ${digest}`)
    return join(this.blobsDir, digest.replace(':', '-'))
  }

  manifestPath(name: ModelName): string {
    return join(this.manifestsDir, name.host, name.namespace, name.model, name.tag)
  }

  async hasBlob(digest: string, size?: number): Promise<boolean> {
    try {
      const s = await stat(this.blobPath(digest))
      return size === undefined || s.size === size
    } catch {
      return false
    }
  }

  /** Stores a small blob (config, template) given its bytes; returns its layer entry. */
  async putBlob(data: string | Uint8Array, mediaType: string): Promise<Layer> {
    const digest = `sha256:${sha256(data)}`
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length
    if (!(await this.hasBlob(digest, size))) await writeFileAtomic(this.blobPath(digest), data)
    return { mediaType, digest, size }
  }

  async writeManifest(rawName: string, manifest: Manifest): Promise<void> {
    await writeFileAtomic(this.manifestPath(parseModelName(rawName)), JSON.stringify(manifest))
  }

  async readManifest(
    rawName: string,
  ): Promise<{ manifest: Manifest; digest: string; modified: Date; name: ModelName }> {
    const name = parseModelName(rawName)
    const path = this.manifestPath(name)
    let text: string
    let modified: Date
    try {
      text = await readFile(path, 'utf8')
      modified = (await stat(path)).mtime
    } catch {
      throw new NotFoundError(`model '${displayName(name)}' not found`)
    }
    return { manifest: Manifest.parse(JSON.parse(text)), digest: sha256(text), modified, name }
  }

  async resolve(rawName: string): Promise<ResolvedModel> {
    const { manifest, digest, modified, name } = await this.readManifest(rawName)
    const weights = manifest.layers.find((l) => l.mediaType === MEDIA_TYPES.model)
    if (!weights) throw new NotFoundError(`model '${displayName(name)}' has no weights layer`)
    const layers: Record<string, string> = {}
    for (const l of manifest.layers) layers[l.mediaType] = this.blobPath(l.digest)
    let config: unknown = {}
    try {
      config = JSON.parse(await readFile(this.blobPath(manifest.config.digest), 'utf8'))
    } catch {
      // A missing or odd config only loses the details; the weights still load.
    }
    const size = manifest.layers.reduce((a, l) => a + l.size, manifest.config.size)
    const shown = displayName(name)
    return {
      name: shown,
      model: shown,
      digest,
      size,
      modified_at: modified.toISOString(),
      details: detailsFromConfig(config),
      modelPath: this.blobPath(weights.digest),
      manifest,
      layers,
    }
  }

  async list(): Promise<StoredModel[]> {
    const names: string[] = []
    for (const host of await dirs(this.manifestsDir))
      for (const ns of await dirs(join(this.manifestsDir, host)))
        for (const model of await dirs(join(this.manifestsDir, host, ns)))
          for (const tag of await files(join(this.manifestsDir, host, ns, model)))
            names.push(`${host}/${ns}/${model}:${tag}`)
    const out: StoredModel[] = []
    for (const n of names) {
      try {
        const { modelPath: _p, manifest: _m, layers: _l, ...model } = await this.resolve(n)
        out.push(model)
      } catch {
        // Skip a manifest that is unreadable or has an invalid name rather than failing the whole list.
      }
    }
    return out.sort((a, b) => b.modified_at.localeCompare(a.modified_at))
  }

  /** Copies a manifest under a new name; blobs are shared, nothing is duplicated. */
  async copy(source: string, destination: string): Promise<void> {
    const { manifest } = await this.readManifest(source)
    await this.writeManifest(destination, manifest)
  }

  /** Removes a manifest, then every blob no other manifest references. */
  async delete(rawName: string): Promise<void> {
    const { name } = await this.readManifest(rawName)
    await rm(this.manifestPath(name), { force: true })
    await this.pruneBlobs()
  }

  private async pruneBlobs(): Promise<void> {
    const used = new Set<string>()
    for (const m of await this.list()) {
      const { manifest } = await this.readManifest(m.name)
      used.add(manifest.config.digest)
      for (const l of manifest.layers) used.add(l.digest)
    }
    for (const f of await files(this.blobsDir)) {
      const digest = f.replace('sha256-', 'sha256:')
      // Partial downloads and locks belong to a pull in progress; leave them.
      if (/^sha256:[0-9a-f]{64}$/.test(digest) && !used.has(digest)) await rm(join(this.blobsDir, f), { force: true })
    }
  }
}

async function dirs(path: string): Promise<string[]> {
  try {
    return (await readdir(path, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name)
  } catch {
    return []
  }
}

async function files(path: string): Promise<string[]> {
  try {
    return (await readdir(path, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name)
  } catch {
    return []
  }
}
