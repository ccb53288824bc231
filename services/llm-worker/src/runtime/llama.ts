import type { Logger } from '@parley/core'
import { getLlama, type Llama, LlamaLogLevel } from 'node-llama-cpp'

let shared: Promise<Llama> | undefined

/**
 * One llama.cpp binding per process. `build: "never"` makes a broken prebuilt binary fail fast instead of trying to
 * compile llama.cpp at run time (npm 11 skips node-llama-cpp's postinstall, and the prebuilt binary works offline).
 */
export function sharedLlama(log: Logger): Promise<Llama> {
  shared ??= getLlama({
    build: 'never',
    logLevel: LlamaLogLevel.warn,
    logger: (level, message) => {
      const text = message.trim()
      if (!text) return
      if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) log.error({ llama: true }, text)
      else log.debug({ llama: true }, text)
    },
  }).catch((err) => {
    shared = undefined
    throw err
  })
  return shared
}
