// A worker in a process of its own, configured by the environment (MODELS_DIR, LLM_THREADS, LLM_NATIVE_LLAMA, …), for
// benchmarks that compare bindings: node-llama-cpp loads one llama.cpp binding per process. Prints `llm-worker: URL`.
import { silentLogger } from '@parley/core'
import { loadLlmWorkerConfig, startLlmWorker } from '@parley/llm-worker'

const worker = await startLlmWorker(loadLlmWorkerConfig(process.env), { log: silentLogger() })
console.log(`llm-worker: ${worker.url}`)
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)))
