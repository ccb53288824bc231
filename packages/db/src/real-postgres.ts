import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A real PostgreSQL 16 (with pgvector) for tests, from the `pgserver` Python wheel (PostgreSQL binaries under
 * `pgserver/pginstall/`): `.ci/run` downloads the wheel into ~/.cache/parley/wheels; this helper unpacks it once
 * into the temp dir (readable by the unprivileged user PostgreSQL must run as), then initdb's a throwaway cluster
 * on a free loopback port. Use it where PGlite cannot tell the truth: several processes or connections racing.
 *
 *   describe.skipIf(!realPostgresAvailable() && !process.env.CI)('...', () => { const pg = await startRealPostgres() })
 */
export type RealPostgres = { url: string; stop(): Promise<void> }

const VERSION = '0.1.4'
const WHEELS = process.env.PARLEY_WHEELS_DIR ?? join(homedir(), '.cache', 'parley', 'wheels')
const INSTALL = join(tmpdir(), `parley-pgserver-${VERSION}`)
// PostgreSQL refuses to run as root; as root the cluster runs as this system user (created when missing).
const PG_USER = 'parley-pg'

function wheel(): string | undefined {
  if (!existsSync(WHEELS)) return undefined
  const name = readdirSync(WHEELS).find((f) => f.startsWith(`pgserver-${VERSION}-`) && f.endsWith('.whl'))
  return name && join(WHEELS, name)
}

/** Whether a real PostgreSQL can be started here (the wheel was fetched, or the binaries are already unpacked). */
export function realPostgresAvailable(): boolean {
  return existsSync(join(INSTALL, 'pgserver', 'pginstall', 'bin', 'initdb')) || wheel() !== undefined
}

function binDir(): string {
  const bin = join(INSTALL, 'pgserver', 'pginstall', 'bin')
  if (existsSync(join(bin, 'initdb'))) return bin
  const whl = wheel()
  if (!whl)
    throw new Error(
      `no pgserver ${VERSION} wheel in ${WHEELS}: pip download --no-deps -d ${WHEELS} pgserver==${VERSION}`,
    )
  // Unpack beside the final place and rename, so that two test files starting at once never see half a tree.
  const staging = mkdtempSync(`${INSTALL}-`)
  // The binaries find their shared libraries in pgserver.libs/ through a relative RPATH: keep the wheel's layout.
  execFileSync('unzip', ['-q', whl, 'pgserver/pginstall/*', 'pgserver.libs/*', '-d', staging])
  chmodSync(staging, 0o755)
  execFileSync('chmod', ['-R', 'a+rX', staging])
  try {
    renameSync(staging, INSTALL)
  } catch (err) {
    if (!existsSync(join(bin, 'initdb'))) throw err
  }
  rmSync(staging, { recursive: true, force: true })
  return bin
}

const asRoot = () => process.getuid?.() === 0

/** Runs a PostgreSQL binary, as the unprivileged user when we are root. */
function run(bin: string, args: string[]): void {
  const [cmd, argv] = asRoot() ? ['runuser', ['-u', PG_USER, '--', bin, ...args]] : [bin, args]
  const r = spawnSync(cmd as string, argv as string[], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${r.stderr || r.stdout}`)
}

function ensureUser(): void {
  if (!asRoot()) return
  if (spawnSync('id', ['-u', PG_USER]).status === 0) return
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_USER])
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

/** Starts a fresh cluster; `url` connects as the superuser `postgres` (trust auth on loopback only). */
export async function startRealPostgres(): Promise<RealPostgres> {
  const bin = binDir()
  ensureUser()
  const dir = mkdtempSync(join(tmpdir(), 'parley-pg-'))
  const data = join(dir, 'data')
  mkdirSync(data, { mode: 0o700 })
  if (asRoot()) execFileSync('chown', ['-R', PG_USER, dir])
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'])
  const port = await freePort()
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`
  run(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start'])
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
