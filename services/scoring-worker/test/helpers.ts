import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { loadConfig, type RunningService, silentLogger } from '@parley/core'
import { scoringWorkerEnv } from '../src/config.js'
import type { RulesLinter } from '../src/rules/harper-linter.js'
import { startScoringWorker } from '../src/start.js'

/** A port on 127.0.0.1 that nothing listens on: connections to it are refused at once. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Starts a real scoring worker on an ephemeral port against the LLM pool at `llmUrl`. */
export function startWorker(
  llmUrl: string,
  rules?: RulesLinter,
  env: Record<string, string> = {},
): Promise<RunningService> {
  const config = loadConfig(scoringWorkerEnv, {
    SCORING_LLM_URL: llmUrl,
    SCORING_WORKER_PORT: '0',
    LOG_LEVEL: 'silent',
    SCORING_LLM_TIMEOUT_MS: '20000',
    ...env,
  })
  return startScoringWorker(config, { log: silentLogger(), ...(rules && { rules }) })
}

export function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/**
 * A scripted stand-in for a third-party Ollama server (we do not own Ollama), for the answers a real model cannot
 * be made to give on demand: broken JSON, wrong shapes, specific findings.
 */
export async function scriptedOllama(
  answer: (path: string, body: Record<string, unknown>) => unknown,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = ''
    req.on('data', (chunk) => {
      raw += chunk
    })
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {}
      const reply = answer(req.url ?? '', body) as { error?: string }
      // Ollama answers errors as {error} with 404 for a missing model, 500 otherwise.
      res.statusCode = reply.error === undefined ? 200 : /not found/.test(reply.error) ? 404 : 500
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(reply))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** An Ollama /api/chat reply whose message content is `content`. */
export function chatReply(content: string) {
  return {
    model: 'stand-in',
    created_at: new Date(0).toISOString(),
    message: { role: 'assistant', content },
    done: true,
    done_reason: 'stop',
  }
}

export const learner = { name: 'Budi', level: 'B1', nativeLanguage: 'id' }
