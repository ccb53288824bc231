import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import {
  bedrockAlternatives,
  bedrockCost,
  costReport,
  costRow,
  DEFAULT_PRICES,
  loadPriceTable,
  type PriceTable,
  parseSimulationJsonl,
  selfHostedCostPerToken,
} from '../src/index.js'

const table: PriceTable = {
  currency: 'USD',
  takenOn: '2026-12-02',
  source: 'test',
  bedrock: { small: { inputPer1k: 0.001, outputPer1k: 0.004 }, embed: { inputPer1k: 0.0001, outputPer1k: 0 } },
  instances: { box: { hourly: 3.6, vcpus: 2, memoryGiB: 8, baselineCpuShare: 0.3 } },
  selfHostedInstance: 'box',
}
const dir = mkdtempSync(join(tmpdir(), 'parley-prices-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('Bedrock cost is tokens times the per-1,000 price, input and output apart', () => {
  // 2,000 in × 0.001/1k + 500 out × 0.004/1k = 0.002 + 0.002
  expect(bedrockCost(table, 'small', { tokensIn: 2000, tokensOut: 500 })).toBeCloseTo(0.004, 12)
  expect(bedrockCost(table, 'unknown', { tokensIn: 1, tokensOut: 1 })).toBeUndefined()
})

test('self-hosted cost spreads the instance time over the tokens served, scaled by a slowdown', () => {
  // 100 instance-seconds at 3.6/h cost 0.1, over 1,000 tokens: 0.0001 a token; twice as slow, twice that.
  expect(selfHostedCostPerToken(table, { instanceSeconds: 100, tokensServed: 1000 })).toBeCloseTo(0.0001, 12)
  expect(selfHostedCostPerToken(table, { instanceSeconds: 100, tokensServed: 1000 }, { slowdown: 2 })).toBeCloseTo(
    0.0002,
    12,
  )
  expect(selfHostedCostPerToken(table, { instanceSeconds: 100, tokensServed: 0 })).toBeNaN()
  expect(() => selfHostedCostPerToken(table, { instanceSeconds: 1, tokensServed: 1 }, { instance: 'x9' })).toThrow(
    /no price for instance type "x9"/,
  )
})

test('a cost row divides by conversations and scales to 1,000 of them', () => {
  const row = costRow(
    { provider: 'ollama', model: 'm', conversations: 4, tokensIn: 800, tokensOut: 200, cost: 0.02 },
    'measured',
  )
  expect(row).toMatchObject({ tokensInPerConversation: 200, tokensOutPerConversation: 50 })
  expect(row.costPerConversation).toBeCloseTo(0.005, 12)
  expect(row.costPer1000Conversations).toBeCloseTo(5, 9)
})

test('measured tokens are priced on every Bedrock text model, not on embedding-only ones', () => {
  const rows = bedrockAlternatives(table, { conversations: 10, tokensIn: 10_000, tokensOut: 1000 })
  expect(rows.map((r) => r.model)).toEqual(['small'])
  // (10 × 0.001 + 1 × 0.004) / 10 conversations × 1,000
  expect(rows[0]!.costPer1000Conversations).toBeCloseTo(1.4, 9)
})

test('the default table dates its prices and prices the self-hosted instance', () => {
  expect(DEFAULT_PRICES.takenOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  expect(DEFAULT_PRICES.instances[DEFAULT_PRICES.selfHostedInstance]?.hourly).toBeGreaterThan(0)
  expect(loadPriceTable()).toBe(DEFAULT_PRICES)
})

test('a price file replaces the defaults, and a bad one is refused naming the field', () => {
  const good = join(dir, 'good.json')
  writeFileSync(good, JSON.stringify(table))
  expect(loadPriceTable(good).bedrock.small?.outputPer1k).toBe(0.004)
  const bad = join(dir, 'bad.json')
  writeFileSync(bad, JSON.stringify({ ...table, takenOn: 'last week', selfHostedInstance: 'none' }))
  expect(() => loadPriceTable(bad)).toThrow(/takenOn/)
  writeFileSync(bad, '{')
  expect(() => loadPriceTable(bad)).toThrow(/bad\.json/)
})

const turn = (over: Record<string, unknown>) =>
  JSON.stringify({
    kind: 'turn',
    run: 'r1',
    conversation: 'c1',
    role: 'tutor',
    provider: 'ollama',
    model: 'smollm2:135m',
    tokens_in: 100,
    tokens_out: 20,
    cost_usd: 0.001,
    ...over,
  })
const runLine = JSON.stringify({ kind: 'run', run: 'r1', wallSeconds: 60, workers: 1 })

test('the report counts tutor turns per provider and model, leaves the bots out, and prices the rest on Bedrock', () => {
  const jsonl = [
    turn({}),
    turn({ conversation: 'c2', cost_usd: 0.003 }),
    turn({ role: 'learner', tokens_in: 999, cost_usd: 5 }),
    turn({ role: 'learner', provider: 'none', model: '', tokens_in: 0, tokens_out: 0, cost_usd: null }),
    runLine,
  ].join('\n')
  const rows = costReport(table, parseSimulationJsonl(jsonl))
  const measured = rows.find((r) => r.basis.startsWith('measured'))!
  expect(measured).toMatchObject({ provider: 'ollama', conversations: 2, tokensInPerConversation: 100 })
  expect(measured.costPer1000Conversations).toBeCloseTo(2, 9)
  // At a 30 % CPU baseline the same work takes 1/0.3 the instance time.
  const baseline = rows.find((r) => r.basis.includes('baseline'))!
  expect(baseline.costPer1000Conversations).toBeCloseTo(2 / 0.3, 9)
  // 100 in, 20 out per conversation on `small`: 0.1 × 0.001 + 0.02 × 0.004 = 0.00018 → 0.18 per 1,000.
  const small = rows.find((r) => r.provider === 'bedrock' && r.model === 'small')!
  expect(small.costPer1000Conversations).toBeCloseTo(0.18, 9)
  expect(rows.some((r) => r.model === 'embed')).toBe(false)
})

test('an export that is not one is refused naming the line', () => {
  expect(() => parseSimulationJsonl('')).toThrow(/no turns/)
  expect(() => parseSimulationJsonl('{')).toThrow(/line 1: not JSON/)
  expect(() => parseSimulationJsonl(`${turn({ tokens_in: -1 })}\n${runLine}`)).toThrow(/line 1: tokens_in/)
  expect(() => parseSimulationJsonl(`${turn({ provider: 'openai' })}`)).toThrow(/provider/)
  expect(() => parseSimulationJsonl(turn({}))).toThrow(/no run record/)
  expect(() => parseSimulationJsonl('{"kind":"x"}')).toThrow(/kind/)
})
