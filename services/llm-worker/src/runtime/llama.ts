import type { Logger } from '@parley/core'
import { getLlama, type Llama, LlamaLogLevel } from 'node-llama-cpp'
import { installNativeBuild, NATIVE_CMAKE_OPTIONS } from './native-build.js'

let shared: Promise<Llama> | undefined

/**
 * One llama.cpp binding per process. `build: "never"` makes a broken binary fail fast instead of trying to compile
 * llama.cpp at run time (npm 11 skips node-llama-cpp's postinstall, and the prebuilt binary works offline).
 * With `native` (LLM_NATIVE_LLAMA=auto) and the native build in the cache (runtime/native-build.ts), that build is
 * used; node-llama-cpp falls back to its prebuilt binary when the build is missing or does not load.
 */
export function sharedLlama(
  log: Logger,
  { native = true, poll }: { native?: boolean; poll?: number } = {},
): Promise<Llama> {
  // Once, before the first load: every request asks for the shared binding.
  if (!shared && poll !== undefined) applyThreadPoll(poll)
  shared ??= load(log, native).catch((err) => {
    shared = undefined
    throw err
  })
  return shared
}

/**
 * The native build's thread-pool patch reads its poll level from PARLEY_LLAMA_POLL whenever a context creates its
 * pool, so setting it before any model loads sets it for every context of the process (LLM_THREAD_POLL).
 */
export function applyThreadPoll(poll: number): void {
  process.env.PARLEY_LLAMA_POLL = String(poll)
}

async function load(log: Logger, native: boolean): Promise<Llama> {
  let useNative = false
  if (native) {
    try {
      useNative = installNativeBuild()
    } catch (err) {
      log.warn({ err }, 'could not link the native llama.cpp build; using the prebuilt binary')
    }
  }
  const llama = await getLlama({
    build: 'never',
    ...(useNative && { gpu: false, cmakeOptions: { ...NATIVE_CMAKE_OPTIONS } }),
    logLevel: LlamaLogLevel.warn,
    logger: (level, message) => {
      const text = message.trim()
      if (!text) return
      if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) log.error({ llama: true }, text)
      else log.debug({ llama: true }, text)
    },
  })
  log.info({ binding: llama.buildType, native: llama.buildType === 'localBuild' }, 'llama.cpp binding loaded')
  return llama
}
