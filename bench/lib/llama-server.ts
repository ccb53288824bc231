// llama.cpp's own llama-server, the anchor for LLM benchmarks: built from the llama.cpp source that node-llama-cpp
// bundles (node_modules/node-llama-cpp/llama/gitRelease.bundle, a git bundle of the release it binds), so the anchor
// runs exactly the llama.cpp version the worker does. Built once into a cache ($PARLEY_CACHE_DIR/llama-server/<tag>),
// CPU only, only the llama-server target; never committed. Reusable by any benchmark. Parley's fixes to llama.cpp
// itself (patches/llama.cpp/*.diff) are applied first: without the AMX tile-config fix, a GGML_NATIVE build by GCC 12
// dies of SIGILL on its first quantised prompt on an AMX CPU.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parleyCacheDir, parleyLlamaPatches } from '@parley/llm-worker'
import { freePort } from './free-port.js'

export type LlamaServerBuild = { ok: true; binary: string; tag: string } | { ok: false; reason: string }

function bundledSource(): { bundle: string; tag: string } | undefined {
  // The package's entry is <root>/dist/index.js; its llama.cpp source lives in <root>/llama.
  const llamaDir = join(dirname(dirname(fileURLToPath(import.meta.resolve('node-llama-cpp')))), 'llama')
  const bundle = join(llamaDir, 'gitRelease.bundle')
  if (!existsSync(bundle)) return undefined
  const info = JSON.parse(readFileSync(join(llamaDir, 'llama.cpp.info.json'), 'utf8')) as { tag: string }
  return { bundle, tag: info.tag }
}

/** A cache key for the patch set, so a build made before a fix is not reused. */
function patchesKey(patches: string[]): string {
  if (patches.length === 0) return ''
  const hash = createHash('sha256')
  for (const file of patches) hash.update(readFileSync(file))
  return `-p${hash.digest('hex').slice(0, 8)}`
}

/**
 * Runs a build step with its output going to `logFile` (a compile prints megabytes of warnings, more than a pipe
 * buffer holds); on failure the last lines of the log say why.
 */
function run(cmd: string, args: string[], logFile?: string): { ok: boolean; out: string } {
  if (!logFile) {
    const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.slice(-2000) }
  }
  const fd = openSync(logFile, 'a')
  try {
    const r = spawnSync(cmd, args, { stdio: ['ignore', fd, fd] })
    return { ok: r.status === 0, out: r.status === 0 ? '' : readFileSync(logFile, 'utf8').slice(-2000) }
  } finally {
    closeSync(fd)
  }
}

/**
 * Builds (or finds, already built) llama-server. Returns why not when it cannot be built here (no bundle, no cmake,
 * a compile error), so the caller can print one line and skip the anchor.
 */
export async function buildLlamaServer(log: (line: string) => void = () => {}): Promise<LlamaServerBuild> {
  const source = bundledSource()
  if (!source) return { ok: false, reason: 'node-llama-cpp bundles no llama.cpp source (gitRelease.bundle)' }
  const patches = parleyLlamaPatches()
  const root = join(parleyCacheDir(), 'llama-server', `${source.tag}${patchesKey(patches)}`)
  const binary = join(root, 'build', 'bin', 'llama-server')
  if (existsSync(binary)) return { ok: true, binary, tag: source.tag }
  for (const tool of ['git', 'cmake'])
    if (!run(tool, ['--version']).ok) return { ok: false, reason: `${tool} is not installed` }
  await mkdir(root, { recursive: true })
  const buildLog = join(root, 'build.log')
  const src = join(root, 'src')
  if (!existsSync(join(src, 'CMakeLists.txt'))) {
    log(`llama-server: cloning llama.cpp ${source.tag} from node-llama-cpp's bundle`)
    const clone = run('git', ['clone', '--quiet', source.bundle, src], buildLog)
    if (!clone.ok) return { ok: false, reason: `git clone of the bundle failed: ${clone.out}` }
  }
  for (const file of patches) {
    // Already applied (a build that was interrupted and is run again) reads as a clean reverse apply.
    if (run('git', ['-C', src, 'apply', '--reverse', '--check', file]).ok) continue
    const applied = run('git', ['-C', src, 'apply', file], buildLog)
    if (!applied.ok) return { ok: false, reason: `${file} does not apply to llama.cpp ${source.tag}: ${applied.out}` }
  }
  log(`llama-server: building ${source.tag} (CPU, llama-server target only; minutes, once)`)
  const flags = ['-DGGML_NATIVE=ON', '-DLLAMA_CURL=OFF', '-DLLAMA_BUILD_TESTS=OFF', '-DLLAMA_BUILD_EXAMPLES=OFF']
  const configure = run(
    'cmake',
    ['-S', src, '-B', join(root, 'build'), '-DCMAKE_BUILD_TYPE=Release', ...flags],
    buildLog,
  )
  if (!configure.ok) return { ok: false, reason: `cmake configure failed: ${configure.out}` }
  const jobs = process.env.BENCH_BUILD_JOBS ?? '2'
  const build = run('cmake', ['--build', join(root, 'build'), '--target', 'llama-server', '-j', jobs], buildLog)
  if (!build.ok || !existsSync(binary)) return { ok: false, reason: `llama-server build failed: ${build.out}` }
  return { ok: true, binary, tag: source.tag }
}

export type RunningLlamaServer = { url: string; close(): Promise<void> }

/** Serves `gguf` with llama-server on a free loopback port, `threads` threads, and waits until it is healthy. */
export async function startLlamaServer(
  binary: string,
  gguf: string,
  opts: { threads: number; contextSize: number; parallel?: number },
): Promise<RunningLlamaServer> {
  const port = await freePort()
  const args = ['-m', gguf, '--host', '127.0.0.1', '--port', String(port), '-t', String(opts.threads)]
  args.push('-c', String(opts.contextSize * (opts.parallel ?? 1)), '-np', String(opts.parallel ?? 1), '--no-webui')
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000)
  })
  const url = `http://127.0.0.1:${port}`
  const close = async () => {
    if (child.exitCode !== null) return
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`llama-server exited (${child.exitCode}): ${stderr}`)
    const ok = await fetch(`${url}/health`)
      .then((r) => r.ok)
      .catch(() => false)
    if (ok) return { url, close }
    await new Promise((r) => setTimeout(r, 200))
  }
  await close()
  throw new Error(`llama-server did not become healthy: ${stderr}`)
}
