import { resolve } from 'node:path'
import { loadConfig } from '@parley/core'
import type { ModelStore } from '@parley/llm-worker'
import { type Command, InvalidArgumentError, Option } from 'commander'

// Loaded on use: node-llama-cpp is heavy, and every `parley` invocation registers this file.
const worker = () => import('@parley/llm-worker')

/** `parley model …`: make test models, import, list, pull and delete models in the store. */
export function register(program: Command): void {
  const model = program.command('model').description('manage the model store (MODELS_DIR)')

  model
    .command('make-test')
    .description('write a random-weight llama GGUF for tests (tiny) or benchmarks (bench, ~0.5B shaped)')
    .addOption(new Option('--size <size>', 'model size').choices(['tiny', 'bench']).default('tiny'))
    .requiredOption('--out <file>', 'output .gguf path')
    .option('--seed <n>', 'random seed (same seed, same bytes)', parseInteger, 1)
    .action(async (opts: { size: 'tiny' | 'bench'; out: string; seed: number }) => {
      const out = resolve(opts.out)
      await (await worker()).makeTestModel({ size: opts.size, out, seed: opts.seed })
      console.log(out)
    })

  model
    .command('import')
    .description('add a local GGUF file to the store under NAME')
    .argument('<path>', 'GGUF file')
    .argument('<name>', 'model name, e.g. mymodel:latest')
    .option('--models-dir <dir>', 'model store (default: $MODELS_DIR)')
    .action(async (path: string, name: string, opts: { modelsDir?: string }) => {
      const stored = await (await worker()).importModel(await storeOf(opts), resolve(path), name)
      console.log(`${stored.name} ${stored.digest.slice(0, 12)} ${stored.size}`)
    })

  model
    .command('list')
    .alias('ls')
    .description('list the models in the store')
    .option('--models-dir <dir>', 'model store (default: $MODELS_DIR)')
    .action(async (opts: { modelsDir?: string }) => {
      for (const m of await (await storeOf(opts)).list())
        console.log([m.name, m.digest.slice(0, 12), formatBytes(m.size), m.modified_at].join('\t'))
    })
}

export async function storeOf(opts: { modelsDir?: string }): Promise<ModelStore> {
  const { ModelStore, llmWorkerEnv, modelsDirOf } = await worker()
  return new ModelStore(opts.modelsDir ? resolve(opts.modelsDir) : modelsDirOf(loadConfig(llmWorkerEnv)))
}

export function parseInteger(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected an integer')
  return n
}

export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`
  return `${(n / 1e3).toFixed(0)} KB`
}
