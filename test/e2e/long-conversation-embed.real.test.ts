import { apiEnv, startApi } from '@parley/api'
import { startTestIssuer, type TestIssuer } from '@parley/auth/testing'
import { type ChatMessage, EmbedResponse, loadConfig, type RunningService, silentLogger } from '@parley/core'
import { openTestDb, type TestDb } from '@parley/db/testing'
import { realModelsDir, startRealLlmWorker, type TestLlmWorker } from '@parley/llm-worker/testing'
import { scoringWorkerEnv, startScoringWorker } from '@parley/scoring-worker'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// A 24-turn conversation is longer than the model's 512-token context here: it is embedded (truncated, as Ollama
// does) by the scoring worker on SmolLM2, stored through the api, and found again by a search.
describe.skipIf(!realModelsDir())('a long conversation is embedded on a real model and searchable', () => {
  let llm: TestLlmWorker
  let scoring: RunningService
  let issuer: TestIssuer
  let db: TestDb
  let api: RunningService
  let token: string

  beforeAll(async () => {
    llm = await startRealLlmWorker({ contextSize: 512 })
    scoring = await startScoringWorker(
      loadConfig(scoringWorkerEnv, {
        SCORING_LLM_URL: llm.url,
        SCORING_WORKER_PORT: '0',
        SCORING_MODEL: llm.model,
        EMBED_MODEL: llm.model,
        LOG_LEVEL: 'silent',
      }),
      { log: silentLogger() },
    )
    issuer = await startTestIssuer()
    db = await openTestDb('pglite')
    api = await startApi(
      loadConfig(apiEnv, { AUTH_ISSUER: issuer.issuer, AUTH_CLIENT_IDS: issuer.clientId, EMBED_DIM: '768' }),
      { db, log: silentLogger(), port: 0 },
    )
    token = await issuer.sign({ sub: 'ana' })
  })
  afterAll(async () => {
    await api?.close()
    await db?.close()
    await issuer?.close()
    await scoring?.close()
    await llm?.close()
  })

  const talk = (topic: string, turns: number): ChatMessage[] =>
    Array.from({ length: turns }, (_, i) => ({
      role: i % 2 ? 'assistant' : 'user',
      content: i % 2 ? `Tell me more about ${topic}! What happened next?` : `Turn ${i}: today I talked about ${topic}.`,
    }))

  async function embed(conversation: ChatMessage[]): Promise<EmbedResponse> {
    const res = await fetch(`${scoring.url}/embed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversation }),
    })
    expect(res.status, await res.clone().text()).toBe(200)
    return EmbedResponse.parse(await res.json())
  }

  const call = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as { data: unknown } }
  }

  test('24 turns embed (past the context), are stored, and are found again by search', async () => {
    const trains = talk('buying train tickets to Lisbon and the timetable at the station', 24)
    const cooking = talk('cooking fish soup with my grandmother in her kitchen', 24)
    const [a, b] = [await embed(trains), await embed(cooking)]
    expect(a.embedding).toHaveLength(768)
    expect(a.sourceDimension).toBeGreaterThan(100)
    const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002']
    for (const [i, [title, conversation, e]] of (
      [
        ['Trains', trains, a],
        ['Cooking', cooking, b],
      ] as const
    ).entries()) {
      const saved = await call('POST', '/conversations/ana', {
        id: ids[i],
        title,
        conversation,
        embedding: e.embedding,
      })
      expect(saved.status).toBe(201)
    }
    // Embedding the same long conversation again gives the same vector (the truncation is stable), and the search
    // finds that conversation first. (A 135M causal model's vectors are weak for topic search: docs/models.md.)
    const again = await embed(trains)
    expect(again.embedding).toEqual(a.embedding)
    const found = await call('POST', '/conversations/ana/search', { embedding: again.embedding, limit: 2 })
    expect(found.status).toBe(200)
    const rows = found.body.data as { id: string; title: string; similarity: number }[]
    expect(rows.map((r) => r.title)).toEqual(['Trains', 'Cooking'])
    expect(rows[0]!.similarity).toBeCloseTo(1, 5)
  })
})
