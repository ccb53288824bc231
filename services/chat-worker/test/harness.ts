import { createServer } from 'node:net'
import { createMetrics, type RunningService, silentLogger } from '@parley/core'
import { createChatWorkerApp } from '../src/app.js'
import { BUNDLED_SCENARIOS_DIR } from '../src/config.js'
import { LlmPool } from '../src/llm.js'
import { loadScenarios } from '../src/scenarios.js'
import type { TutorSettings } from '../src/settings.js'
import { BackgroundWork } from '../src/turn/background.js'

export const settings: TutorSettings = {
  tutorName: 'Parley',
  defaultModel: 'parley-tiny',
  numCtx: 2048,
  maxReplyTokens: 24,
  temperature: 0.7,
  summaryTimeoutMs: 30_000,
  maxBodyBytes: 64 * 1024,
}

/** The chat worker app in-process, pointed at `llmUrl` (and, for /tutor/turn, at `turn`'s api and scoring pool). */
export async function chatApp(
  llmUrl: string,
  overrides: Partial<TutorSettings> = {},
  turn: { apiUrl: string; scoringUrl: string } = { apiUrl: 'http://127.0.0.1:9', scoringUrl: 'http://127.0.0.1:9' },
) {
  const metrics = createMetrics('chat-worker', { defaults: false })
  const app = createChatWorkerApp({
    log: silentLogger(),
    metrics,
    pool: new LlmPool(llmUrl),
    scenarios: await loadScenarios(BUNDLED_SCENARIOS_DIR),
    settings: { ...settings, ...overrides },
    turn: { ...turn, background: new BackgroundWork() },
  })
  return { app, metrics }
}

/** A URL on which nothing listens: a port that was just free. */
export async function deadUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

export const validBody = {
  conversationId: 'conv-1',
  messages: [{ role: 'user', content: 'Hello! I am Ana from Porto.' }],
  learner: { name: 'Ana', level: 'B1', nativeLanguage: 'pt-BR' },
  scenario: 'free-talk',
}

export function postJson(body: unknown, init: RequestInit = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  }
}

export type SseEvent = { event: string; data: unknown }

/** Parses a whole SSE body into its events. */
export function parseSse(body: string): SseEvent[] {
  return body
    .split(/\n\n/)
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n')
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message'
      const data = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n')
      return { event, data: JSON.parse(data) }
    })
}

export type { RunningService }
