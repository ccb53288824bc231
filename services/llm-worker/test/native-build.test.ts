import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { hostCpuOptions, installNativeBuild, localBuildFolderName, nativeLayout } from '../src/runtime/native-build.js'

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

test.skipIf(process.arch !== 'x64')(
  "the CPU options follow /proc/cpuinfo as the prebuilt variants' do (AMX tile and int8, not AMX-BF16), never -march=native",
  () => {
    const options = hostCpuOptions(
      'processor\t: 0\nflags\t\t: fpu sse4_2 avx avx2 fma f16c bmi2 avx512f amx_bf16 amx_tile amx_int8\n',
    )
    expect(options).toContain('-DGGML_NATIVE=OFF')
    expect(options).toContain('-DGGML_AVX2=ON')
    expect(options).toContain('-DGGML_AVX512=ON')
    expect(options).toContain('-DGGML_AVX512_VNNI=OFF')
    expect(options).toContain('-DGGML_AMX_TILE=ON')
    expect(options).toContain('-DGGML_AMX_INT8=ON')
    expect(options.some((o) => o.includes('AMX_BF16'))).toBe(false)
    expect(hostCpuOptions('flags\t\t: fpu sse4_2 avx avx2 avx512f\n')).toContain('-DGGML_AMX_INT8=OFF')
  },
)

test('a build is not linked for the worker before its smoke test marked it verified', () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-native-'))
  const layout = { ...nativeLayout(dir), linked: join(dir, 'localBuilds', localBuildFolderName()) }
  expect(installNativeBuild(layout)).toBe(false)
  mkdirSync(layout.release, { recursive: true })
  writeFileSync(join(layout.release, 'llama-addon.node'), '')
  expect(installNativeBuild(layout)).toBe(false)
  writeFileSync(layout.verified, 'now')
  expect(installNativeBuild(layout)).toBe(true)
})

test("the folder name is node-llama-cpp's: platform, arch and a hash of the options", () => {
  expect(localBuildFolderName({ GGML_OPENMP: 'ON' })).toMatch(
    new RegExp(`^${process.platform}-${process.arch}-[0-9a-z]+$`),
  )
  expect(localBuildFolderName({ GGML_OPENMP: 'ON' })).not.toBe(localBuildFolderName({ GGML_OPENMP: 'ON', X: '1' }))
})
