import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CEFR_LEVELS, goalProgress } from '@parley/core'
import { afterAll, describe, expect, test } from 'vitest'
import { BUNDLED_SCENARIOS_DIR } from '../src/config.js'
import { loadScenarios } from '../src/scenarios.js'

const temps: string[] = []
afterAll(() => Promise.all(temps.map((d) => rm(d, { recursive: true, force: true }))))

async function dirWith(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-scenarios-'))
  temps.push(dir)
  for (const [name, body] of Object.entries(files))
    await writeFile(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body))
  return dir
}

describe('bundled scenario catalogue', () => {
  test('covers free talk and at least 16 graded scenarios, free talk first', async () => {
    const catalogue = await loadScenarios(BUNDLED_SCENARIOS_DIR)
    const ids = catalogue.list().map((s) => s.id)
    expect(ids[0]).toBe('free-talk')
    expect(ids.length).toBeGreaterThanOrEqual(16)
    for (const id of ['restaurant', 'job-interview', 'airport', 'hotel-check-in', 'ielts-part-3'])
      expect(ids).toContain(id)
  })

  test('every scenario has a CEFR range, a goal addressed to the learner, and goal steps a learner can meet', async () => {
    for (const s of (await loadScenarios(BUNDLED_SCENARIOS_DIR)).list()) {
      expect(s.cefr, s.id).toBeDefined()
      expect(CEFR_LEVELS.indexOf(s.cefr!.min), s.id).toBeLessThanOrEqual(CEFR_LEVELS.indexOf(s.cefr!.max))
      expect(s.goal, s.id).toBeTruthy()
      // Descriptions speak to the learner ("You order…"), not about "the learner".
      expect(s.description, s.id).toMatch(/\byou\b/i)
      expect(s.description, s.id).not.toMatch(/the learner/i)
      // Reachable: one phrase of each step, said over a few messages, meets the goal, and only the last one "just" does.
      const messages = s.goalSteps!.map((step) => `Well, ${step.phrases[0]} then.`)
      const progress = goalProgress(s, messages)!
      expect(progress.met, s.id).toBe(true)
      expect(progress.justMet, s.id).toBe(true)
      expect(goalProgress(s, messages.slice(0, -1))!.met, s.id).toBe(false)
    }
  })

  test('every role-play has goals, an opening line, target vocabulary and hints for all six levels', async () => {
    for (const s of (await loadScenarios(BUNDLED_SCENARIOS_DIR)).list()) {
      expect(s.goals.length, s.id).toBeGreaterThan(0)
      expect(s.openingLine.trim(), s.id).not.toBe('')
      if (s.kind !== 'free') expect(s.targetVocabulary.length, s.id).toBeGreaterThanOrEqual(5)
      expect(Object.keys(s.levelHints).sort(), s.id).toEqual(['A1', 'A2', 'B1', 'B2', 'C1', 'C2'])
    }
  })
})

describe('loadScenarios', () => {
  const valid = {
    id: 'free-talk',
    title: 'Free talk',
    kind: 'free',
    description: 'Talk.',
    tutorRole: 'a friend',
    goals: ['chat'],
    openingLine: 'Hi!',
    targetVocabulary: [],
    levelHints: {},
  }

  test('names the file that is not JSON', async () => {
    const dir = await dirWith({ 'free-talk.json': valid, 'broken.json': '{ nope' })
    await expect(loadScenarios(dir)).rejects.toThrow(/broken\.json is not valid JSON/)
  })

  test('names the file and field that break the schema', async () => {
    const dir = await dirWith({ 'free-talk.json': valid, 'bad.json': { ...valid, id: 'bad', goals: [] } })
    await expect(loadScenarios(dir)).rejects.toThrow(/bad\.json is invalid: goals/)
  })

  test('requires each file to be named after its id', async () => {
    const dir = await dirWith({ 'free-talk.json': valid, 'other.json': { ...valid, id: 'different' } })
    await expect(loadScenarios(dir)).rejects.toThrow(/other\.json must be named after its id/)
  })

  test('requires a free-talk scenario', async () => {
    const dir = await dirWith({ 'x.json': { ...valid, id: 'x' } })
    await expect(loadScenarios(dir)).rejects.toThrow(/No free-talk scenario/)
  })

  test('answers unknown ids with 404 for paths and 400 for body fields', async () => {
    const catalogue = await loadScenarios(await dirWith({ 'free-talk.json': valid }))
    expect(() => catalogue.get('nope')).toThrow(expect.objectContaining({ status: 404 }))
    expect(() => catalogue.require('nope')).toThrow(expect.objectContaining({ status: 400, code: 'unknown_scenario' }))
  })
})
