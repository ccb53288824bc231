import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { refusedAddress } from './refused-port.js'

const CLI = new URL('../bin/parley.mjs', import.meta.url).pathname
let dir: string
let refused: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-offline-'))
  refused = await refusedAddress()
})
afterAll(() => rm(dir, { recursive: true, force: true }))

test('parley model pull offline names the host, says the machine looks offline and suggests model import', () => {
  const run = spawnSync(process.execPath, [CLI, 'model', 'pull', 'smollm2:135m', '--models-dir', join(dir, 'm')], {
    encoding: 'utf8',
    env: { ...process.env, LLM_REGISTRY_URL: `http://${refused}`, PULL_ALLOWED_HOSTS: '127.0.0.1' },
  })
  expect(run.status).not.toBe(0)
  expect(run.stderr).toContain(`could not reach ${refused}`)
  expect(run.stderr).toContain('this machine looks offline')
  expect(run.stderr).toContain('parley model import FILE NAME')
  expect(run.stderr).not.toMatch(/\n\s+at /) // a message, not a stack trace
})
