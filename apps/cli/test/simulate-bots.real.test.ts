// LLM-driven learner bots on the real SmolLM2 through the embedded stack: the bot writes its lines on the LLM pool
// through the gateway as the signed-in learner, the tutor answers on the same model, and every turn is exported.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@parley/core'
import { realModelsDir } from '@parley/llm-worker/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { MAX_WORDS } from '../src/simulate/bot/clean-turn.js'
import { type SimulationResult, simulate } from '../src/simulate/index.js'
import { type RunningStack, startStack } from '../src/stack.js'

describe.skipIf(!realModelsDir())('learner bots on SmolLM2', () => {
  let stack: RunningStack
  let result: SimulationResult
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bots-real-'))

  beforeAll(async () => {
    stack = await startStack({
      env: {
        PARLEY_DATA_DIR: dataDir,
        MODELS_DIR: realModelsDir(),
        PARLEY_DEFAULT_MODEL: 'smollm2:135m',
        PARLEY_REGIONS: 'us-east-1',
        PORT: '0',
        LLM_THREADS: '1',
        LOG_LEVEL: 'silent',
        CHAT_MAX_REPLY_TOKENS: '48',
        // A saturated pool can hold a queued stream silent for longer than the gateway's default 30 s.
        GATEWAY_IDLE_TIMEOUT_MS: '240000',
        LLM_PARALLEL: '2',
        IDENTITY_AUTO_CONFIRM: 'true',
      },
      web: false,
      log: silentLogger(),
    })
    result = await simulate({
      gatewayUrl: stack.gatewayUrl,
      identity: { url: stack.identity.url, clientId: stack.identity.clientId, region: 'us-east-1' },
      region: 'us-east-1',
      learners: 1,
      turns: 2,
      seed: 11,
      mode: { kind: 'bot', bot: { region: 'us-east-1', model: 'smollm2:135m' } },
    })
    // A bot line, a tutor reply, feedback and scores per turn, all on one small model: minutes on 2 shared cores.
  }, 1_200_000)

  afterAll(async () => {
    await stack?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  test('the session runs to its end and every bot line is the learner’s own, bounded', () => {
    expect(stack.model).toBe('smollm2:135m')
    expect(result.sessions.map((s) => [s.error, s.persona])).toEqual([[undefined, 'vi-b2']])
    const learner = result.rows.filter((r) => r.role === 'learner')
    expect(learner.length).toBeGreaterThan(0)
    for (const row of learner) {
      expect(['llm', 'template']).toContain(row.source)
      expect(row.text.trim().length).toBeGreaterThan(0)
      expect(row.text.split(/\s+/).length).toBeLessThanOrEqual(MAX_WORDS)
      expect(row.text).not.toMatch(/\b(?:tutor|assistant|user)\s*:/i)
      // The model was asked either way: its tokens are counted, in and out, on the self-hosted pool.
      expect([row.provider, row.model, row.region]).toEqual(['ollama', 'smollm2:135m', 'us-east-1'])
      expect(row.tokens_in).toBeGreaterThan(0)
      expect(row.cost_usd).toBeGreaterThan(0)
    }
    const tutorTexts = result.rows.filter((r) => r.role === 'tutor').map((r) => r.text)
    for (const row of learner) expect(tutorTexts).not.toContain(row.text)
  })

  test('the session stops when the goal is met, or at the turn cap', () => {
    const session = result.sessions[0]!
    const last = result.rows.at(-1)!
    expect(last.role).toBe('tutor')
    expect(last.ended).toBe(session.ended)
    if (session.ended === 'goal_met') expect(last.goal_met).toBe(true)
    else expect([session.ended, session.turns, last.goal_met]).toEqual(['max_turns', 2, false])
  })

  test('tutor replies carry the pool’s token counts, latency and time to first token', () => {
    for (const row of result.rows.filter((r) => r.role === 'tutor' && r.turn > 0)) {
      expect(row.tokens_in).toBeGreaterThan(0)
      expect(row.tokens_out).toBeGreaterThan(0)
      expect(row.ttft_ms).toBeGreaterThan(0)
      expect(row.latency_ms).toBeGreaterThanOrEqual(row.ttft_ms!)
    }
  })
})
