// podman and podman-compose, driven from the compose test: build the images, start a project, wait until every
// container's own HEALTHCHECK passes, read a file out of a container, tear the project down with its volumes.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const REPO = fileURLToPath(new URL('../../..', import.meta.url))
const COMPOSE_FILES = ['-f', 'compose.yaml', '-f', 'compose.redis.yaml']

/** Why the containers cannot run here (podman or podman-compose missing), or undefined when they can. */
export function podmanMissing(): string | undefined {
  for (const bin of ['podman', 'podman-compose'])
    if (spawnSync(bin, ['--version'], { stdio: 'ignore' }).status !== 0)
      return `${bin} is not installed (apt-get install podman runc podman-compose debootstrap; see docs/containers.md)`
  return undefined
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 20 * 60_000): string {
  const r = spawnSync(cmd, args, { cwd: REPO, env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 << 20 })
  if (r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trimEnd().split('\n').slice(-40).join('\n')
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal ?? r.error?.message})\n${out}`)
  }
  return r.stdout
}

export const podman = (...args: string[]) => run('podman', args)

/** deploy/containers/build.sh: the base (debootstrap, cached) and the four images, from podman's layer cache. */
export function buildImages(): void {
  run('deploy/containers/build.sh', [], process.env, 60 * 60_000)
}

export function composeUp(project: string, env: NodeJS.ProcessEnv): void {
  run('podman-compose', ['-p', project, ...COMPOSE_FILES, 'up', '-d'], { ...process.env, ...env })
}

/** Containers of the project by service name (podman-compose names them `<project>_<service>_1`). */
export function containers(project: string): Map<string, string> {
  const names = podman('ps', '-a', '--filter', `label=io.podman.compose.project=${project}`, '--format', '{{.Names}}')
  const prefix = `${project}_`
  return new Map(
    names
      .split('\n')
      .filter(Boolean)
      .map((n) => [n.slice(prefix.length).replace(/_\d+$/, ''), n]),
  )
}

/**
 * Runs each container's HEALTHCHECK (`podman healthcheck run`, since no systemd timer runs them here) until all
 * pass. Returns the services still unhealthy at the deadline, with the tail of their logs.
 */
export async function waitHealthy(names: Map<string, string>, deadlineMs: number): Promise<string[]> {
  const pending = new Set(names.keys())
  const until = Date.now() + deadlineMs
  while (pending.size > 0 && Date.now() < until) {
    for (const service of pending) {
      const r = spawnSync('podman', ['healthcheck', 'run', names.get(service)!], { stdio: 'ignore' })
      if (r.status === 0) pending.delete(service)
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 3_000))
  }
  return [...pending].map((service) => {
    const logs = spawnSync('podman', ['logs', '--tail', '15', names.get(service)!], { encoding: 'utf8' })
    return `${service}:\n${logs.stdout}${logs.stderr}`
  })
}

/** Stops and removes the project's containers, their volumes (named and anonymous) and network, whatever state it is in. */
export function composeDown(project: string, env: NodeJS.ProcessEnv): void {
  const label = `label=io.podman.compose.project=${project}`
  const list = (...args: string[]) => spawnSync('podman', args, { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)
  // Containers first, with their anonymous volumes (podman-compose's `down -v` removes only the named ones).
  const left = list('ps', '-aq', '--filter', label)
  if (left.length > 0) spawnSync('podman', ['rm', '-f', '-v', '-t', '2', ...left], { stdio: 'ignore' })
  spawnSync('podman-compose', ['-p', project, ...COMPOSE_FILES, 'down', '-v'], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  })
  const vols = list('volume', 'ls', '-q', '--filter', label)
  if (vols.length > 0) spawnSync('podman', ['volume', 'rm', '-f', ...vols], { stdio: 'ignore' })
  spawnSync('podman', ['network', 'rm', '-f', `${project}_default`], { stdio: 'ignore' })
}
