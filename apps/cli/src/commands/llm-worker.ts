import { closeOnSignals } from '@parley/core'
import { type Command, InvalidArgumentError } from 'commander'
import { cliLogger } from '../cli-logger.js'

// Loaded on use: node-llama-cpp is heavy, and every `parley` invocation registers this file. The Bedrock provider has
// its own entry point, which never loads it.
const worker = () => import('@parley/llm-worker')
const bedrockWorker = () => import('@parley/llm-worker/bedrock')

const PROVIDERS = ['ollama', 'bedrock'] as const
type Provider = (typeof PROVIDERS)[number]

function provider(value: string): Provider {
  if (!(PROVIDERS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of: ${PROVIDERS.join(', ')}`)
  return value as Provider
}

/** `parley llm-worker`: the Ollama API over llama.cpp, serving the models in the store. */
export function register(program: Command): void {
  program
    .command('llm-worker')
    .description(
      'run an LLM worker: the Ollama API over llama.cpp on the models in $MODELS_DIR, or over Amazon Bedrock (--provider bedrock)',
    )
    .option(
      '--provider <name>',
      'ollama (llama.cpp on the local store) or bedrock (Converse and InvokeModel; BEDROCK_* settings) (default: $LLM_PROVIDER or ollama)',
      provider,
    )
    .option('-p, --port <port>', 'port to listen on, 0 for any free port (default: $LLM_WORKER_PORT or 11434)')
    .option('--models-dir <dir>', 'model store (default: $MODELS_DIR or $PARLEY_DATA_DIR/models)')
    .option('--threads <n>', 'llama.cpp threads per model, 0 for the physical cores (default: $LLM_THREADS or 0)')
    .option('--parallel <n>', 'parallel sequences per model (default: $LLM_PARALLEL or 4)')
    .option('--demo-model', 'generate a tiny random-weight model if the store has none (offline demos)')
    .action(
      async (opts: {
        provider?: Provider
        port?: string
        modelsDir?: string
        threads?: string
        parallel?: string
        demoModel?: boolean
      }) => {
        // Logs go to stderr so that stdout carries only the `llm-worker: <url>` line that scripts and tests parse.
        const log = cliLogger('llm-worker')
        if ((opts.provider ?? provider(process.env.LLM_PROVIDER || 'ollama')) === 'bedrock') {
          const { loadBedrockWorkerConfig, startBedrockWorker } = await bedrockWorker()
          const config = loadBedrockWorkerConfig({
            ...process.env,
            ...(opts.port !== undefined && { LLM_WORKER_PORT: opts.port }),
          })
          const service = await startBedrockWorker(config, { log })
          console.log(`llm-worker: ${service.url}`)
          closeOnSignals(() => [service], log)
          return
        }
        const { ensureDemoModel, loadLlmWorkerConfig, modelsDirOf, startLlmWorker } = await worker()
        const config = loadLlmWorkerConfig({
          ...process.env,
          ...(opts.port !== undefined && { LLM_WORKER_PORT: opts.port }),
          ...(opts.modelsDir !== undefined && { MODELS_DIR: opts.modelsDir }),
          ...(opts.threads !== undefined && { LLM_THREADS: opts.threads }),
          ...(opts.parallel !== undefined && { LLM_PARALLEL: opts.parallel }),
        })
        if (opts.demoModel) await ensureDemoModel(modelsDirOf(config))
        const service = await startLlmWorker(config, { log })
        console.log(`llm-worker: ${service.url}`)
        closeOnSignals(() => [service], log)
      },
    )
}
