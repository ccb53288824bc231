// Readers for ../shared/data (read in place, never copied; see its README for licences and the split rule).
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/** The shared data folder: `PARLEY_DATA_SETS`, else `shared/data` beside the checkout (`/work/shared/data`). */
export function dataDir(): string {
  const candidates = [
    process.env.PARLEY_DATA_SETS,
    resolve(import.meta.dirname, '../../../shared/data'),
    resolve(import.meta.dirname, '../../shared/data'),
  ]
  const found = candidates.find((d): d is string => d !== undefined && existsSync(d))
  if (!found)
    throw new Error(`data sets not found; set PARLEY_DATA_SETS (tried ${candidates.filter(Boolean).join(', ')})`)
  return found
}

export function readJsonl<T>(relativePath: string): T[] {
  const text = readFileSync(resolve(dataDir(), relativePath), 'utf8')
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T)
}
