// The per-turn export: CSV columns and quoting (csv-stringify), JSON lines with the run record, and each row's cost.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PriceTable } from '@parley/core'
import { afterAll, expect, test } from 'vitest'
import { type RunRecord, TURN_COLUMNS, type TurnRow, writeCsv, writeJsonl } from '../src/simulate/index.js'
import { priceRows } from '../src/simulate/turn-rows.js'

const dir = mkdtempSync(join(tmpdir(), 'parley-export-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const table: PriceTable = {
  currency: 'USD',
  takenOn: '2026-12-02',
  source: 'test',
  bedrock: { 'amazon.nova-micro-v1:0': { inputPer1k: 0.001, outputPer1k: 0.002 } },
  instances: { box: { hourly: 36, vcpus: 2, memoryGiB: 8, baselineCpuShare: 0.3 } },
  selfHostedInstance: 'box',
}

const row = (over: Partial<TurnRow>): TurnRow => ({
  run: 'sim-1-abc',
  learner: 'sim-1-1@example.com',
  persona: 'es-a2',
  first_language: 'es',
  level: 'A2',
  scenario: 'airport',
  conversation: 'c1',
  turn: 1,
  role: 'learner',
  region: 'us-east-1',
  provider: 'ollama',
  model: 'smollm2:135m',
  text: 'I has one bag',
  source: 'llm',
  rejected: '',
  feedback_issues: 0,
  feedback: '',
  scores: '',
  cefr: '',
  latency_ms: 900,
  ttft_ms: null,
  tokens_in: 0,
  tokens_out: 0,
  cost_usd: null,
  goal_met: false,
  ended: '',
  ...over,
})

const run: RunRecord = {
  kind: 'run',
  run: 'sim-1-abc',
  startedAt: '2026-12-02T03:00:00.000Z',
  wallSeconds: 10,
  workers: 2,
  conversations: 1,
  prices: { takenOn: '2026-12-02', selfHostedInstance: 'box' },
}

test('self-hosted rows share the run’s instance time by tokens; Bedrock rows pay per token; script rows nothing', () => {
  const rows = [
    row({ tokens_in: 300, tokens_out: 100 }),
    row({ role: 'tutor', tokens_in: 500, tokens_out: 100 }),
    row({ provider: 'bedrock', model: 'amazon.nova-micro-v1:0', tokens_in: 1000, tokens_out: 500 }),
    row({ provider: 'bedrock', model: 'unpriced', tokens_in: 1, tokens_out: 1 }),
    row({ provider: 'none', model: '', source: 'script' }),
  ]
  priceRows(rows, run, table)
  // 10 s × 2 workers at 36/h = 0.2, over the 1,000 self-hosted tokens: 0.0002 a token.
  expect(rows[0]!.cost_usd).toBeCloseTo(0.08, 12)
  expect(rows[1]!.cost_usd).toBeCloseTo(0.12, 12)
  expect(rows[2]!.cost_usd).toBeCloseTo(0.002, 12)
  expect(rows[3]!.cost_usd).toBeNull()
  expect(rows[4]!.cost_usd).toBeNull()
})

test('the CSV has one header of every column and quotes commas, quotes and newlines', async () => {
  const file = join(dir, 'turns.csv')
  await writeCsv(file, [row({ text: 'I want "window", seat\nplease', cost_usd: 0.5, goal_met: true })])
  const [header, ...rest] = readFileSync(file, 'utf8').split('\n')
  expect(header).toBe(TURN_COLUMNS.join(','))
  const body = rest.join('\n')
  expect(body).toContain('"I want ""window"", seat\nplease"')
  expect(body).toMatch(/,0\.5,true,\n?$/)
  expect(TURN_COLUMNS).toEqual(
    expect.arrayContaining([
      'run',
      'learner',
      'persona',
      'level',
      'region',
      'model',
      'role',
      'text',
      'feedback_issues',
    ]),
  )
  expect(TURN_COLUMNS).toEqual(
    expect.arrayContaining(['scores', 'latency_ms', 'ttft_ms', 'tokens_in', 'tokens_out', 'cost_usd']),
  )
})

test('JSON lines hold every turn, then the run record', async () => {
  const file = join(dir, 'turns.jsonl')
  await writeJsonl(file, [row({}), row({ role: 'tutor', turn: 1 })], run)
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
  expect(lines.map((l) => l.kind)).toEqual(['turn', 'turn', 'run'])
  expect(Object.keys(lines[0]).filter((k) => k !== 'kind')).toEqual([...TURN_COLUMNS])
  expect(lines[2]).toEqual(run)
})
