import { fileURLToPath } from 'node:url'
import { commonEnv, env } from '@parley/core'
import { z } from 'zod'

/** The catalogue that ships with the worker. */
export const BUNDLED_SCENARIOS_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url))

/** Environment variables of `parley chat-worker`, with their defaults. */
export const chatWorkerEnv = {
  ...commonEnv,
  /** Port to listen on; 0 picks a free one. */
  CHAT_WORKER_PORT: env.port(11435),
  /** The LLM pool (any server that speaks the Ollama API: a Parley llm-worker, its load balancer, or Ollama). */
  CHAT_LLM_URL: env.url().default('http://127.0.0.1:11434'),
  /** Model used when a request names none. */
  CHAT_MODEL: env.string('parley-tiny'),
  /** The tutor's name in its persona. */
  TUTOR_NAME: z.string().trim().min(1).max(40).default('Parley'),
  /** Upper bound on the context the worker asks the model for (num_ctx); the model's own limit applies if lower. */
  CHAT_NUM_CTX: env.int(4096, 256),
  /** Most tokens in one tutor reply (num_predict): a hard bound; the sentence cap usually ends a reply first. */
  CHAT_MAX_REPLY_TOKENS: env.int(160, 16),
  /** Most sentences in one tutor reply; generation also stops at the first sentence that repeats an earlier one. */
  CHAT_MAX_REPLY_SENTENCES: env.int(4, 1),
  /** llama.cpp repeat penalty over the last CHAT_REPEAT_LAST_N tokens (1 turns it off); small models loop without it. */
  CHAT_REPEAT_PENALTY: z.coerce.number().min(1).max(2).default(1.15),
  CHAT_REPEAT_LAST_N: env.int(128, 0),
  /** Sampling temperature for replies. */
  CHAT_TEMPERATURE: z.coerce.number().min(0).max(2).default(0.7),
  /** How long the LLM may take to summarise older turns before the deterministic summary is used instead. */
  CHAT_SUMMARY_TIMEOUT_MS: env.int(20_000, 100),
  /** Largest accepted request body. */
  CHAT_MAX_BODY_BYTES: env.int(2 * 1024 * 1024, 1024),
  /** The conversations api; the turn endpoint stores each turn there with the learner's own token. */
  CHAT_API_URL: env.url().default('http://127.0.0.1:8081'),
  /** This region's scoring pool (/feedback, /score, /embed), which the turn endpoint calls for feedback and scores. */
  CHAT_SCORING_URL: env.url().default('http://127.0.0.1:11436'),
  /** This worker's region, as token accounting labels it (metrics and stored usage); the embedded stack sets it. */
  CHAT_REGION: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, { message: 'expected a region name like us-east-1' })
    .default('local'),
  /** Folder of scenario JSON files. */
  CHAT_SCENARIOS_DIR: env.string(BUNDLED_SCENARIOS_DIR),
}

export type ChatWorkerConfig = z.infer<z.ZodObject<typeof chatWorkerEnv>>
