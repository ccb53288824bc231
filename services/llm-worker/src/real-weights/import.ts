import { importModel } from '../store/import-model.js'
import { MEDIA_TYPES } from '../store/manifest.js'
import type { ModelStore } from '../store/model-store.js'
import type { FetchedWeights } from './fetch.js'

export type ImportedWeights = FetchedWeights & { imported: boolean }

/**
 * Imports each verified GGUF into the store under its catalogue name, unless the store already holds that name with
 * exactly these weights (same sha256), so a second run copies nothing.
 */
export async function importRealWeights(store: ModelStore, fetched: FetchedWeights[]): Promise<ImportedWeights[]> {
  const out: ImportedWeights[] = []
  for (const f of fetched) {
    const current = await store.resolve(f.model.name).catch(() => undefined)
    const weights = current?.manifest.layers.find((l) => l.mediaType === MEDIA_TYPES.model)
    const same = weights?.digest === `sha256:${f.sha256}` && (await store.hasBlob(weights.digest, f.size))
    if (!same) await importModel(store, f.path, f.model.name)
    out.push({ ...f, imported: !same })
  }
  return out
}
