import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, test } from 'vitest'
import { acquireBuildLock } from '../lib/server/build'

const root = mkdtempSync(path.join(tmpdir(), 'parley-build-lock-'))
const quiet = () => {}

/** A lock as a build that was killed (Ctrl-C, kill -9) leaves it: fresh, and naming a pid that is gone. */
function staleLock(name: string): string {
  const lock = path.join(root, name)
  mkdirSync(lock)
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  writeFileSync(path.join(lock, 'owner.pid'), gone.stdout)
  return lock
}

// Attack (on availability): a first `parley start` killed during its build used to make the next one wait ten
// minutes for the lock it left behind.
test('a lock whose owner is gone is taken over at once, and records the new owner', async () => {
  const lock = staleLock('dead-owner.lock')
  const lines: string[] = []
  await acquireBuildLock(lock, (l) => lines.push(l), { waitMs: 3_000, pollMs: 50 })
  expect(readFileSync(path.join(lock, 'owner.pid'), 'utf8')).toBe(String(process.pid))
  expect(lines).toContain('web: taking over the build lock of a process that is gone')
})

test('a lock whose owner is alive is waited for, not stolen', async () => {
  const lock = path.join(root, 'live-owner.lock')
  mkdirSync(lock)
  writeFileSync(path.join(lock, 'owner.pid'), String(process.pid))
  await expect(acquireBuildLock(lock, quiet, { waitMs: 300, pollMs: 50 })).rejects.toThrow(/timed out waiting/)
  expect(existsSync(lock)).toBe(true)
})
