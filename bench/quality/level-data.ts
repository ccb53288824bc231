// Level and aspect items from ../shared/data, with the rules layer's issue counts cached (linting the ELLIPSE train
// essays takes most of an hour on the shared 2 cores). The cache lives under ~/.cache/parley/quality (PARLEY_CACHE_DIR
// overrides ~/.cache/parley), one file per hash of the rules code, each entry keyed by the item and a hash of its
// text; it holds only counts, never text. Warm it with bench/quality/lint-cache.ts.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { CEFR_LEVELS, type CefrLevel, ISSUE_CATEGORIES } from '@parley/core'
import type { RulesLinter } from '../../services/scoring-worker/src/rules/harper-linter.js'
import type { IssueCounts } from '../../services/scoring-worker/src/scoring/signals.js'
import { dataDir, readJsonl } from './data.js'

/** `votes`: each examiner's level where the set has several (cefr_asag: three, 'NA' dropped); `level` is their majority. */
export type LevelItem = { key: string; text: string; level: number; votes?: number[] }
export type EllipseItem = { key: string; text: string; ratings: Record<EllipseDimension, number> }

export const ELLIPSE_DIMENSIONS = ['cohesion', 'syntax', 'vocabulary', 'phraseology', 'grammar', 'conventions'] as const
export type EllipseDimension = (typeof ELLIPSE_DIMENSIONS)[number]

type Split = 'train' | 'dev'
const levelIndex = (l: string) => CEFR_LEVELS.indexOf(l as CefrLevel)

/** cefr_asag answers that the examiners labelled; the level is `majority_level` (0 = A1 … 5 = C2). */
export function cefrAsag(split: Split): LevelItem[] {
  type Row = {
    id: string
    answer: string
    labelled: boolean
    majority_level?: string
    examiner_levels?: { level: string }[]
  }
  return readJsonl<Row>(`cefr_asag/${split}.jsonl`)
    .filter((r) => r.labelled && r.majority_level)
    .map((r) => ({
      key: `asag:${r.id}`,
      text: r.answer,
      level: levelIndex(r.majority_level!),
      votes: (r.examiner_levels ?? []).map((e) => levelIndex(e.level)).filter((l) => l >= 0),
    }))
}

export function readmepp(split: Split): LevelItem[] {
  type Row = { id: string; sentence: string; rating: number }
  return readJsonl<Row>(`readmepp_en/${split}.jsonl`).map((r) => ({
    key: `readme:${r.id}`,
    text: r.sentence.replace(/\s+/g, ' ').trim(),
    level: r.rating - 1,
  }))
}

/** ELLIPSE essays; `every` > 1 keeps one in `every` (by a hash of the id) to bound the linting time. */
export function ellipse(split: Split, every = 1): EllipseItem[] {
  type Row = { essay_id: string; text: string } & Record<EllipseDimension, number>
  return readJsonl<Row>(`ellipse/${split}.jsonl`)
    .filter((r) => every === 1 || Number.parseInt(sha(r.essay_id).slice(0, 8), 16) % every === 0)
    .map((r) => ({
      key: `ellipse:${r.essay_id}`,
      text: r.text,
      ratings: Object.fromEntries(ELLIPSE_DIMENSIONS.map((d) => [d, r[d]])) as Record<EllipseDimension, number>,
    }))
}

/** cefrj_vocab headwords with their level index (0 = A1). */
export function cefrjVocab(split: Split): { word: string; level: number }[] {
  const text = readFileSync(resolve(dataDir(), `cefrj_vocab/${split}.tsv`), 'utf8')
  return text
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => l.split('\t'))
    .filter((cols) => /^[a-z]+$/i.test(cols[0]!))
    .map((cols) => ({ word: cols[0]!.toLowerCase(), level: levelIndex(cols[2]!) }))
}

/** Issue counts of the rules layer per item, from the cache when the rules code is unchanged. */
export async function issueCounts(
  items: { key: string; text: string }[],
  rules: () => Promise<RulesLinter>,
  onProgress?: (done: number, total: number) => void,
  cacheFile?: string,
): Promise<Map<string, IssueCounts>> {
  // QUALITY_ISSUE_CACHE names a cache file to use whatever the rules hash (a fit on slightly older rules).
  const file = cacheFile ?? process.env.QUALITY_ISSUE_CACHE ?? join(cacheDir(), `issues-${rulesHash()}.json`)
  const cache: Record<string, IssueCounts> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}
  const missing = items.filter((i) => !cache[i.key + sha(i.text).slice(0, 8)])
  if (missing.length > 0) {
    const linter = await rules()
    let done = 0
    for (const item of missing) {
      const counts = Object.fromEntries(ISSUE_CATEGORIES.map((c) => [c, 0])) as IssueCounts
      for (const f of await linter.lint(item.text)) counts[f.category]++
      cache[item.key + sha(item.text).slice(0, 8)] = counts
      if (++done % 100 === 0) {
        onProgress?.(done, missing.length)
        writeFileSync(file, JSON.stringify(cache))
      }
    }
    writeFileSync(file, JSON.stringify(cache))
  }
  return new Map(items.map((i) => [i.key, cache[i.key + sha(i.text).slice(0, 8)]!]))
}

export function cacheDir(): string {
  const env = process.env
  const dir = join(env.PARLEY_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'parley'), 'quality')
  mkdirSync(dir, { recursive: true })
  return dir
}

/**
 * Hash of the rules code that /score lints with (src/rules), so a change to it relints everything. Taken once, when
 * this module loads (after the rules modules, which every caller imports first), so an edit made while a long lint
 * runs does not relabel counts made by the code already loaded.
 */
export const rulesHash = (() => {
  const hash = hashRules()
  return () => hash
})()

function hashRules(): string {
  const root = resolve(import.meta.dirname, '../../services/scoring-worker/src')
  const hash = createHash('sha256')
  for (const dir of ['rules']) {
    for (const file of listFiles(join(root, dir))) hash.update(file).update(readFileSync(file))
  }
  return hash.digest('hex').slice(0, 12)
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? listFiles(path) : [path]
    })
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex')
