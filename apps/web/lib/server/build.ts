import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** Sources whose change makes the production build stale. */
const WATCHED = ['app', 'components', 'lib', 'next.config.ts', 'postcss.config.mjs', 'package.json', 'tsconfig.json']

function newestMtime(p: string): number {
  let st: ReturnType<typeof statSync>
  try {
    st = statSync(p)
  } catch {
    return 0
  }
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)))
  return newest
}

export function buildIsFresh(dir: string): boolean {
  const built = newestMtime(path.join(dir, '.next', 'BUILD_ID'))
  if (!built) return false
  return WATCHED.every((w) => newestMtime(path.join(dir, w)) <= built)
}

/**
 * Runs `next build` when `.next` is missing or older than the sources, printing progress on stderr (stdout is
 * reserved for the `web: <url>` line). A lock directory keeps two processes from building at once.
 */
export async function ensureBuilt(dir: string, log: (line: string) => void): Promise<void> {
  if (buildIsFresh(dir)) return
  // In the temp dir (not the repo, and not .next, which the build itself clears), one per app directory.
  const lock = path.join(
    tmpdir(),
    `parley-web-build-${createHash('sha1').update(path.resolve(dir)).digest('hex').slice(0, 12)}.lock`,
  )
  await acquireBuildLock(lock, log)
  let child: ReturnType<typeof spawn> | undefined
  // If this process exits mid-build (Ctrl-C: `parley start` installs its signal handlers before the build starts,
  // and they exit), the lock and the build go with it instead of blocking the next start.
  const onExit = () => {
    child?.kill('SIGTERM')
    rmSync(lock, { recursive: true, force: true })
  }
  process.once('exit', onExit)
  try {
    if (buildIsFresh(dir)) return
    log('web: building the Next.js app (first start or sources changed)…')
    const nextBin = createRequire(path.join(dir, 'package.json')).resolve('next/dist/bin/next')
    await new Promise<void>((resolve, reject) => {
      child = spawn(process.execPath, [nextBin, 'build'], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      })
      const forward = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) if (line.trim()) log(`web build: ${line}`)
      }
      child.stdout?.on('data', forward)
      child.stderr?.on('data', forward)
      child.once('error', reject)
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))))
    })
    log('web: build finished')
  } finally {
    process.off('exit', onExit)
    rmSync(lock, { recursive: true, force: true })
  }
}

const OWNER_FILE = 'owner.pid'

function ownerAlive(lock: string): boolean | undefined {
  let pid: number
  try {
    pid = Number(readFileSync(path.join(lock, OWNER_FILE), 'utf8'))
  } catch {
    return undefined
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * mkdir is atomic; the lock records its owner's pid. A lock whose owner is gone (killed during the build) is taken
 * over at once; one without a pid file (being created, or left by an older version) after a grace period, or when
 * older than ten minutes.
 */
export async function acquireBuildLock(
  lock: string,
  log: (line: string) => void,
  opts: { waitMs?: number; pollMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.waitMs ?? 15 * 60_000)
  let told = false
  for (;;) {
    try {
      mkdirSync(lock)
      writeFileSync(path.join(lock, OWNER_FILE), String(process.pid))
      return
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
      const alive = ownerAlive(lock)
      if (alive === false || (alive === undefined && age > 5_000) || age > 10 * 60_000) {
        log('web: taking over the build lock of a process that is gone')
        rmSync(lock, { recursive: true, force: true })
        continue
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`)
      if (!told) log('web: waiting for another build of the web app to finish…')
      told = true
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 500))
    }
  }
}
