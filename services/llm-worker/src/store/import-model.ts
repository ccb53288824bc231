import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { BadRequestError } from '@parley/core'
import { tempPathFor } from './atomic.js'
import { withFileLock } from './file-lock.js'
import { configForGguf } from './gguf-details.js'
import { MEDIA_TYPES } from './manifest.js'
import type { ModelStore, StoredModel } from './model-store.js'
import { parseModelName } from './names.js'

/**
 * Adds a local GGUF file to the store under `name` (`parley model import PATH NAME`): the weights are copied into a
 * content-addressed blob while being hashed, a config blob describes them, and the manifest is written last.
 */
export async function importModel(store: ModelStore, file: string, name: string): Promise<StoredModel> {
  parseModelName(name)
  const st = await stat(file).catch(() => undefined)
  if (!st?.isFile()) throw new BadRequestError(`no such file: ${file}`, 'invalid_path')
  const config = await configForGguf(file)
  await mkdir(store.blobsDir, { recursive: true })
  const tmp = tempPathFor(`${store.blobsDir}/import`)
  const hash = createHash('sha256')
  try {
    await pipeline(
      createReadStream(file),
      async function* (source) {
        for await (const chunk of source) {
          hash.update(chunk as Buffer)
          yield chunk
        }
      },
      createWriteStream(tmp),
    )
    const digest = `sha256:${hash.digest('hex')}`
    const blob = store.blobPath(digest)
    await withFileLock(`${blob}.lock`, async () => {
      if (await store.hasBlob(digest, st.size)) await rm(tmp, { force: true })
      else await rename(tmp, blob)
    })
    const configLayer = await store.putBlob(JSON.stringify(config), MEDIA_TYPES.config)
    await store.writeManifest(name, {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.manifest,
      config: configLayer,
      layers: [{ mediaType: MEDIA_TYPES.model, digest, size: st.size }],
    })
  } finally {
    await rm(tmp, { force: true })
  }
  const { modelPath: _p, manifest: _m, layers: _l, ...stored } = await store.resolve(name)
  return stored
}
