import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isAlive } from '@parley/identity'

/**
 * Where a running `parley start` listens, so that `parley admin models …` goes through its LLM workers instead of
 * writing a store (or a database) that process holds. Kept in `<dataDir>/stack.json` (mode 0600) while it runs.
 */
export type StackRecord = { pid: number; gatewayUrl: string; regions: { name: string; llm: string[] }[] }

const fileOf = (dataDir: string) => join(dataDir, 'stack.json')

/** Records the running stack; returns the function that removes the record again (on close). */
export function recordStack(dataDir: string, record: StackRecord): () => void {
  if (dataDir.startsWith('memory://')) return () => {}
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(fileOf(dataDir), JSON.stringify(record), { mode: 0o600 })
  return () => {
    if (runningStack(dataDir)?.pid === record.pid) rmSync(fileOf(dataDir), { force: true })
  }
}

/** The stack running on this data directory, if its process is still alive. */
export function runningStack(dataDir: string): StackRecord | undefined {
  if (dataDir.startsWith('memory://')) return undefined
  try {
    const record = JSON.parse(readFileSync(fileOf(dataDir), 'utf8')) as StackRecord
    return isAlive(record.pid) ? record : undefined
  } catch {
    return undefined
  }
}
