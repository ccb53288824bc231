import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, test } from 'vitest'

const ANSIBLE_DIR = fileURLToPath(new URL('../../ansible/', import.meta.url))
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0
// .ci/run installs both from Debian; on a laptop without them these checks are skipped, not faked.
const available = has('ansible-playbook') && has('ansible-lint')

const scratch: string[] = []
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
})

function runCheck(dir: string) {
  return spawnSync(join(dir, 'check.sh'), { encoding: 'utf8', env: { ...process.env, ANSIBLE_NOCOLOR: '1' } })
}

// Skipped only on a developer machine without ansible; in CI (.ci/run installs it) a missing tool fails the run.
describe.skipIf(!available && !process.env.CI)('infra/ansible/check.sh', () => {
  test('passes ansible-playbook --syntax-check and ansible-lint on the worker playbook', () => {
    const result = runCheck(ANSIBLE_DIR)
    expect(result.stdout + result.stderr).toMatch(/playbook: playbook\.yml/)
    expect({ status: result.status, output: result.stdout + result.stderr }).toMatchObject({ status: 0 })
  })

  test('fails on a playbook that breaks a lint rule', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-ansible-'))
    scratch.push(dir)
    cpSync(ANSIBLE_DIR, dir, { recursive: true })
    // A shell command that reports no change state: ansible-lint's no-changed-when rule.
    const tasks = join(dir, 'roles/efs/tasks/main.yml')
    writeFileSync(tasks, `${readFileSync(tasks, 'utf8')}\n- name: List mounts\n  ansible.builtin.command: mount\n`)
    expect(runCheck(dir).status).not.toBe(0)
  })
})

test('check.sh is executable', () => {
  expect(() => execFileSync('test', ['-x', join(ANSIBLE_DIR, 'check.sh')])).not.toThrow()
})
