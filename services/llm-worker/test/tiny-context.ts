import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@parley/core'
import type { LlamaContext, LlamaModel } from 'node-llama-cpp'
import { makeTestModel } from '../src/gguf/test-model.js'
import { sharedLlama } from '../src/runtime/llama.js'

/** Runs `fn` with a context on a fresh tiny random-weight model, in process; everything is disposed after it. */
export async function withTinyContext<T>(
  opts: { seed: number; contextSize: number; sequences: number; threads: number },
  fn: (context: LlamaContext, model: LlamaModel) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-tiny-context-'))
  try {
    const file = join(dir, 'tiny.gguf')
    await makeTestModel({ size: 'tiny', out: file, seed: opts.seed })
    const model = await (await sharedLlama(silentLogger())).loadModel({ modelPath: file })
    try {
      const context = await model.createContext(opts)
      try {
        return await fn(context, model)
      } finally {
        await context.dispose()
      }
    } finally {
      await model.dispose()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

type AddonMethod = (...args: unknown[]) => unknown

/**
 * Replaces one method of the context's addon object (node-llama-cpp's `_ctx`, whose methods are read-only on its
 * prototype) by `wrap(original)`, to record what reaches llama.cpp.
 */
export function wrapAddon(context: LlamaContext, name: string, wrap: (original: AddonMethod) => AddonMethod): void {
  const addon = (context as unknown as { _ctx: Record<string, AddonMethod> })._ctx
  const original = addon[name]!.bind(addon)
  Object.defineProperty(addon, name, { value: wrap(original), configurable: true, writable: true })
}
