// node-llama-cpp's addon built here from its own bundled llama.cpp source, with Parley's addon patch (a persistent
// ggml thread pool per context, patches/node-llama-cpp+3.22.1.patch) and the same CPU code as the prebuilt variant
// this CPU loads (on x86-64: the GGML_CPU_ALL_VARIANTS feature set matching /proc/cpuinfo, AMX included). The
// prebuilt binaries attach no thread pool, so every llama_decode starts and joins its worker threads (issue 21);
// llama-server attaches one. OpenMP stays off, as in the prebuilt binaries: with OpenMP, ggml's AMX kernels die of
// SIGILL here (`tilezero` in a libgomp worker thread, in llama-server as in the addon). The build (minutes, once)
// goes to a cache outside node_modules; the worker links it into node-llama-cpp's local-build folder when it is there
// and falls back to the prebuilt binary when it is not, so `npm install` stays offline and fast.
// `npm run llama:native` runs it; it also builds llama-server, the benchmark anchor, from the same tree.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  closeSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parleyCacheDir } from '../real-weights/catalogue.js'

/**
 * The CMake options that make this build what it is; node-llama-cpp names the local-build folder after them.
 * PARLEY_THREADPOOL is not a CMake option: it names the patched addon, so no build made before the patch is loaded.
 */
export const NATIVE_CMAKE_OPTIONS = { GGML_OPENMP: 'OFF', PARLEY_THREADPOOL: 'ON' } as const

const X86_FEATURES: [flag: string, option: string][] = [
  ['sse4_2', 'GGML_SSE42'],
  ['avx', 'GGML_AVX'],
  ['avx2', 'GGML_AVX2'],
  ['fma', 'GGML_FMA'],
  ['f16c', 'GGML_F16C'],
  ['bmi2', 'GGML_BMI2'],
  ['avx512f', 'GGML_AVX512'],
  ['avx512vbmi', 'GGML_AVX512_VBMI'],
  ['avx512_vnni', 'GGML_AVX512_VNNI'],
  ['avx512_bf16', 'GGML_AVX512_BF16'],
  ['amx_tile', 'GGML_AMX_TILE'],
  ['amx_int8', 'GGML_AMX_INT8'],
]

/**
 * ggml's CPU feature options for this machine. On x86-64, the features /proc/cpuinfo lists, from the set that
 * ggml's GGML_CPU_ALL_VARIANTS variants use (so a Sapphire Rapids CPU gets the prebuilt `sapphirerapids` variant's
 * flags: AVX-512 VNNI/BF16, AMX tile and int8, no AMX-BF16), never -march=native. Elsewhere, GGML_NATIVE.
 */
export function hostCpuOptions(cpuinfo?: string): string[] {
  if (process.arch !== 'x64') return ['-DGGML_NATIVE=ON']
  const text = cpuinfo ?? (existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')
  const flags = new Set(/^flags\s*:(.*)$/m.exec(text)?.[1]?.trim().split(/\s+/) ?? [])
  return ['-DGGML_NATIVE=OFF', ...X86_FEATURES.map(([flag, option]) => `-D${option}=${flags.has(flag) ? 'ON' : 'OFF'}`)]
}

const packageRoot = () => dirname(dirname(fileURLToPath(import.meta.resolve('node-llama-cpp'))))

type Layout = { root: string; release: string; local: string; linked: string; tag: string; verified: string }

/** Where the build lives in the cache, and where node-llama-cpp looks for a local build with these options. */
export function nativeLayout(cacheDir = parleyCacheDir()): Layout {
  const pkg = packageRoot()
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string }
  const { tag } = JSON.parse(readFileSync(join(pkg, 'llama', 'llama.cpp.info.json'), 'utf8')) as { tag: string }
  const root = join(cacheDir, 'llama-native', `${tag}-nlc${version}`)
  return {
    root,
    tag,
    release: join(root, 'build', 'Release'),
    local: join(root, 'local'),
    linked: join(pkg, 'llama', 'localBuilds', localBuildFolderName()),
    // Written once a child process decoded with the build (see smokeTest); nothing is linked before.
    verified: join(root, 'verified'),
  }
}

/**
 * node-llama-cpp's folder name for a CPU build with custom CMake options: `<platform>-<arch>-<hash>`, the hash being
 * each SHA-1 byte in base 36 of the sorted `KEY=VALUE` pairs joined by `;` (getBuildFolderNameForBuildOptions in
 * node-llama-cpp 3.22). If a later version names it differently, the link is simply not found and the prebuilt
 * binary is used.
 */
export function localBuildFolderName(options: Record<string, string> = NATIVE_CMAKE_OPTIONS): string {
  const pairs = Object.entries(options)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
  const hash = [...createHash('sha1').update(pairs.join(';')).digest()].map((b) => b.toString(36)).join('')
  const platform = process.platform === 'darwin' ? 'mac' : process.platform === 'win32' ? 'win' : process.platform
  return `${platform}-${process.arch}-${hash}`
}

/**
 * Makes a finished build visible to node-llama-cpp (metadata, done marker, a symlink from its local-build folder
 * into the cache). Returns false when there is no finished build; idempotent and quick, so the worker calls it at
 * start-up (a fresh `npm install` removes the link, the cache keeps the build).
 */
export function installNativeBuild(layout = nativeLayout(), linked = layout.linked): boolean {
  if (!existsSync(join(layout.release, 'llama-addon.node'))) return false
  if (linked === layout.linked && !existsSync(layout.verified)) return false
  mkdirSync(layout.local, { recursive: true })
  const release = join(layout.local, 'Release')
  if (!existsSync(release)) symlinkSync(layout.release, release)
  const metadata = {
    buildOptions: {
      customCmakeOptions: NATIVE_CMAKE_OPTIONS,
      progressLogs: false,
      platform: process.platform === 'darwin' ? 'mac' : process.platform,
      // Unknown on purpose: node-llama-cpp then test-loads the binary in a child process before using it, and falls
      // back to the prebuilt one if it does not load here.
      platformInfo: { name: 'parley-native-build', version: '' },
      arch: process.arch,
      gpu: false,
      llamaCpp: { repo: 'ggml-org/llama.cpp', release: layout.tag },
    },
  }
  writeFileSync(join(layout.release, '_nlcBuildMetadata.json'), JSON.stringify(metadata))
  writeFileSync(join(layout.local, 'buildDone.status'), '')
  let present = false
  try {
    present = lstatSync(linked).isSymbolicLink() || existsSync(linked)
  } catch {
    present = false
  }
  if (!present) {
    mkdirSync(dirname(linked), { recursive: true })
    symlinkSync(layout.local, linked)
  }
  return true
}

/** The CMake options under which the smoke test links the build (a folder no worker asks for). */
export const SMOKE_CMAKE_OPTIONS = { ...NATIVE_CMAKE_OPTIONS, PARLEY_SMOKE_TEST: 'ON' }

/**
 * Decodes a few tokens with the build in a child process (scripts/native-smoke.ts), at 2 threads, under a folder name
 * no worker asks for; only then is the build marked verified and linked for the worker. A build that loads but
 * crashes on its first decode (the AMX case above) is never used.
 */
function smokeTest(layout: Layout): { ok: boolean; out: string } {
  const pkg = packageRoot()
  const linked = join(pkg, 'llama', 'localBuilds', localBuildFolderName(SMOKE_CMAKE_OPTIONS))
  installNativeBuild(layout, linked)
  try {
    const script = fileURLToPath(new URL('../../scripts/native-smoke.ts', import.meta.url))
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 300_000 })
    return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.slice(-1500) || `signal ${r.signal}` }
  } finally {
    rmSync(linked, { force: true })
  }
}

/**
 * patches/llama.cpp/*.diff in the repository: fixes to llama.cpp itself, which patch-package (node_modules only)
 * cannot carry. ggml-amx-tile-config.diff: with GCC 12 the AMX tile configuration was compiled away (SIGILL).
 */
export function parleyLlamaPatches(): string[] {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const patches = join(dir, 'patches', 'llama.cpp')
    if (existsSync(patches))
      return readdirSync(patches)
        .filter((f) => f.endsWith('.diff'))
        .sort()
        .map((f) => join(patches, f))
  }
  return []
}

const sameFile = (a: string, b: string) => readFileSync(a).equals(readFileSync(b))

export type NativeBuildResult = { ok: true; release: string } | { ok: false; reason: string }

/**
 * Builds node-llama-cpp's addon (and llama-server, the benchmark anchor, from the same tree and the same libraries)
 * from the llama.cpp git bundle inside the node-llama-cpp package, with node-llama-cpp's own patches and CMake
 * project and the addon as patched in node_modules, then installs it. Offline; incremental when run again.
 */
export function buildNativeLlama(log: (line: string) => void = () => {}, jobs = 2): NativeBuildResult {
  const layout = nativeLayout()
  const pkgLlama = join(packageRoot(), 'llama')
  const bundle = join(pkgLlama, 'gitRelease.bundle')
  if (!existsSync(bundle))
    return { ok: false, reason: 'node-llama-cpp bundles no llama.cpp source (gitRelease.bundle)' }
  for (const tool of ['git', 'cmake'])
    if (spawnSync(tool, ['--version']).status !== 0) return { ok: false, reason: `${tool} is not installed` }
  mkdirSync(layout.root, { recursive: true })
  const logFile = join(layout.root, 'build.log')
  const run = (cmd: string, args: string[], cwd = layout.root, env = process.env): boolean => {
    const fd = openSync(logFile, 'a')
    try {
      return spawnSync(cmd, args, { cwd, env, stdio: ['ignore', fd, fd] }).status === 0
    } finally {
      closeSync(fd)
    }
  }
  const tail = () => readFileSync(logFile, 'utf8').slice(-1500)
  const src = join(layout.root, 'src')
  if (!existsSync(join(src, 'CMakeLists.txt'))) {
    log(`llama-native: cloning llama.cpp ${layout.tag} from node-llama-cpp's bundle`)
    if (!run('git', ['clone', '--quiet', bundle, src])) return { ok: false, reason: `git clone failed: ${tail()}` }
    for (const patch of ['PR-22566.diff']) {
      const file = join(pkgLlama, 'patches', patch)
      if (existsSync(file) && run('git', ['apply', '--check', file], src)) run('git', ['apply', file], src)
    }
  }
  // Parley's fixes to the bundled llama.cpp, applied once (a patch that reverses cleanly is already in).
  for (const file of parleyLlamaPatches()) {
    if (run('git', ['apply', '--reverse', '--check', file], src)) continue
    if (!run('git', ['apply', file], src)) return { ok: false, reason: `${file} does not apply: ${tail()}` }
  }
  // node-llama-cpp's CMake project (the addon sources and CMakeLists.txt), with its llama.cpp folder pointing at src.
  const project = join(layout.root, 'project')
  if (!existsSync(join(project, 'llama.cpp'))) {
    rmSync(project, { recursive: true, force: true })
    mkdirSync(project)
    symlinkSync(src, join(project, 'llama.cpp'))
  }
  // Copied again when they changed (patch-package patches the addon in node_modules), file by file so that an
  // unchanged file keeps its time stamp and the build stays incremental.
  for (const part of ['CMakeLists.txt', 'addon', 'cmake'])
    cpSync(join(pkgLlama, part), join(project, part), {
      recursive: true,
      filter: (from, to) => !existsSync(to) || lstatSync(from).isDirectory() || !sameFile(from, to),
    })
  const build = join(layout.root, 'build')
  const headers = dirname(fileURLToPath(import.meta.resolve('node-api-headers/package.json')))
  const options = [
    ...Object.entries(NATIVE_CMAKE_OPTIONS)
      .filter(([k]) => k.startsWith('GGML_'))
      .map(([k, v]) => `-D${k}=${v}`),
    ...hostCpuOptions(),
  ]
  log(`llama-native: configuring (${options.join(' ')})`)
  const configured = run(
    'cmake',
    [
      '-S',
      project,
      '-B',
      build,
      '-DCMAKE_BUILD_TYPE=Release',
      `-DCMAKE_JS_INC=${join(headers, 'include')}`,
      ...options,
      '-DLLAMA_CURL=OFF',
      '-DLLAMA_OPENSSL=OFF',
      '-DLLAMA_BUILD_TESTS=OFF',
      '-DLLAMA_BUILD_EXAMPLES=OFF',
      '-DLLAMA_BUILD_TOOLS=ON',
      '-DLLAMA_BUILD_SERVER=ON',
      `-DCMAKE_LIBRARY_OUTPUT_DIRECTORY=${layout.release}`,
      `-DCMAKE_RUNTIME_OUTPUT_DIRECTORY=${layout.release}`,
    ],
    layout.root,
    // The addon's CMakeLists resolves node-addon-api with `node -p require(...)` from the project folder.
    { ...process.env, NODE_PATH: join(packageRoot(), '..') },
  )
  if (!configured) return { ok: false, reason: `cmake configure failed: ${tail()}` }
  log(`llama-native: building the addon and llama-server with ${jobs} jobs (minutes, once)`)
  if (!run('cmake', ['--build', build, '--target', 'llama-addon', 'llama-server', '-j', String(jobs)]))
    return { ok: false, reason: `build failed: ${tail()}` }
  if (!existsSync(join(layout.release, 'llama-addon.node')))
    return { ok: false, reason: 'the build produced no llama-addon.node' }
  log('llama-native: smoke test (a few tokens at 2 threads in a child process)')
  rmSync(layout.verified, { force: true })
  const smoke = smokeTest(layout)
  if (!smoke.ok) return { ok: false, reason: `the build does not decode here, so it is not used: ${smoke.out}` }
  writeFileSync(layout.verified, new Date().toISOString())
  installNativeBuild(layout)
  return { ok: true, release: layout.release }
}
