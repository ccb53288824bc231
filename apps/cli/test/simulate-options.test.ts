// Bad options to `parley simulate` and `parley cost` are refused before anything starts, with what was wrong.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'

const PARLEY = fileURLToPath(new URL('../bin/parley.mjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'parley-sim-options-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const parley = (...args: string[]) =>
  new Promise<{ code: number; stderr: string }>((resolve) =>
    execFile(process.execPath, [PARLEY, ...args], { timeout: 240_000 }, (err, _out, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
    ),
  )

test('an unknown learner kind and an export into a missing folder are refused', async () => {
  const kind = await parley('simulate', '--learner', 'robot')
  expect(kind.code).not.toBe(0)
  expect(kind.stderr).toContain('expected "script" or "bot"')
  const csv = await parley('simulate', '--csv', join(dir, 'missing', 'turns.csv'))
  expect(csv.code).not.toBe(0)
  expect(csv.stderr).toContain('cannot write to the folder of')
})

test('parley cost refuses a file that is not a simulator export, naming the file and line', async () => {
  const file = join(dir, 'bad.jsonl')
  writeFileSync(file, '{"kind":"run","run":"r","wallSeconds":1,"workers":1}\nnot json\n')
  const run = await parley('cost', file)
  expect(run.code).not.toBe(0)
  expect(run.stderr).toContain(`${file}: line 2: not JSON`)
})
