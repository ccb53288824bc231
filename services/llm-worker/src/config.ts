import { join } from 'node:path'
import { commonEnv, env, loadConfig } from '@parley/core'
import { z } from 'zod'

/** Environment variables of the LLM worker (names match the README's configuration table). */
export const llmWorkerEnv = {
  ...commonEnv,
  /** Port of the Ollama API. */
  LLM_WORKER_PORT: env.port(11434),
  /** Model store; empty means $PARLEY_DATA_DIR/models. On AWS, EFS /share/models. */
  MODELS_DIR: env.string(''),
  /** llama.cpp threads per context; 0 means up to every physical core, as many as other processes leave free. */
  LLM_THREADS: env.int(0),
  /**
   * `auto` (default): use the native build of llama.cpp in the cache when it is there (`npm run llama:native`: the
   * prebuilt binary's CPU code plus a persistent thread pool), else the prebuilt binary; `off`: always the prebuilt
   * one. On a quiet 2-core machine the native build decoded faster and answered sooner at 2 threads (docs/llm-worker.md).
   */
  LLM_NATIVE_LLAMA: z.enum(['auto', 'off']).default('auto'),
  /**
   * How hard the native build's pool threads spin for the next graph before sleeping (ggml's poll level, 0–100;
   * 50 is ggml's and llama-server's default). 0 sleeps at once, which leaves the core free on a shared machine but
   * wakes each thread late for every step; with LLM_THREADS=0 only free cores are used, so spinning costs no one.
   */
  LLM_THREAD_POLL: z.coerce.number().int().min(0).max(100).default(50),
  /**
   * Streamed chunks written within this many ms of the last write go out in one write (the first at once): one
   * socket write and one wake-up of the client per window instead of per token. 0 writes every token at once.
   */
  LLM_STREAM_COALESCE_MS: z.coerce.number().int().min(0).max(1000).default(8),
  /** Parallel sequences per loaded model (Ollama's OLLAMA_NUM_PARALLEL). */
  LLM_PARALLEL: env.int(4, 1),
  /** Requests that may wait for a sequence before new ones get 503 (OLLAMA_MAX_QUEUE). */
  LLM_MAX_QUEUE: env.int(64),
  /** Context tokens per sequence unless a request's options.num_ctx asks otherwise at load time. */
  LLM_CONTEXT_SIZE: env.int(2048, 64),
  /** How long an idle model stays loaded (Ollama duration: 5m, 30s, 0, -1 for forever). */
  LLM_KEEP_ALIVE: env.string('5m'),
  /** Most models loaded at once (OLLAMA_MAX_LOADED_MODELS). */
  LLM_MAX_LOADED_MODELS: env.int(3, 1),
  /** Memory budget for loaded models in MiB; 0 means 80% of the machine's memory. */
  LLM_MEMORY_BUDGET_MB: env.int(0),
  /** Base URL of the Ollama registry used by pull. */
  LLM_REGISTRY_URL: z.url({ message: 'expected a URL' }).default('https://registry.ollama.ai'),
  /** Hosts (`host` or `host:port`) pull may reach even on loopback or private addresses; empty = public only. */
  PULL_ALLOWED_HOSTS: env.list([]),
  /** Redirects a pull follows per request, each checked like the first. */
  PULL_MAX_REDIRECTS: env.int(5),
  /** Most bytes one pull may download (a manifest's declared size is the cap per file below it). */
  PULL_MAX_BYTES: env.int(64 * 1024 ** 3, 1),
}

export type LlmWorkerConfig = ReturnType<typeof loadLlmWorkerConfig>

export function loadLlmWorkerConfig(source: Record<string, string | undefined> = process.env) {
  return loadConfig(llmWorkerEnv, source)
}

/** MODELS_DIR, or its default under the data directory. */
export function modelsDirOf(config: { MODELS_DIR: string; PARLEY_DATA_DIR: string }): string {
  return config.MODELS_DIR || join(config.PARLEY_DATA_DIR, 'models')
}
