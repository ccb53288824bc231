import { describe, expect, test } from 'vitest'
import { findingFeatures, type JudgedFinding } from '../../bench/quality/finding-features.js'
import { type FindingModel, findingProbability, listJudge, modelJudge } from '../../bench/quality/finding-model.js'

const finding = (over: Partial<JudgedFinding> & { text: string; original: string }): JudgedFinding => {
  const start = over.text.indexOf(over.original)
  return {
    start,
    end: start + over.original.length,
    suggestions: [],
    change: { kind: 'replace' },
    rule: 'SpellCheck',
    ...over,
  }
}

describe('per-finding filter (made-up model)', () => {
  const model: FindingModel = {
    bias: 0,
    threshold: 0.5,
    weights: { 'rule:OxfordComma': -3, 'rule:spelling:unlisted': 2, 'capitalised-inside': -5 },
  }
  const keep = modelJudge(model)

  test('a finding of a rule with a low weight is dropped, one with a high weight kept', () => {
    const text = 'We bought apples, pears and plums.'
    expect(keep(text, finding({ text, original: 'pears', rule: 'OxfordComma', suggestions: ['pears,'] }))).toBe(false)
    const typo = 'I recieved it.'
    const spelt = finding({ text: typo, original: 'recieved', spellingKind: 'unlisted', suggestions: ['received'] })
    expect(findingProbability(model, typo, spelt)).toBeGreaterThan(0.8)
    expect(keep(typo, spelt)).toBe(true)
  })

  test('a feature moves the decision: the same kind inside the sentence with a capital is dropped', () => {
    const text = 'We met Brinkov there.'
    const name = finding({ text, original: 'Brinkov', spellingKind: 'unlisted', suggestions: ['Brink'] })
    expect(keep(text, name)).toBe(false)
  })

  test('rules the model has no weight for, and the always-kept ones, are kept whatever the features', () => {
    const text = 'She go home.'
    expect(keep(text, finding({ text, original: 'go', rule: 'SomeNewHarperRule' }))).toBe(true)
    const strict: FindingModel = { bias: -50, threshold: 0.5, weights: { 'rule:PronounVerbAgreement': -9 } }
    expect(modelJudge(strict)(text, finding({ text, original: 'go', rule: 'PronounVerbAgreement' }))).toBe(true)
  })

  test('the previous selection drops whole rules and spelling kinds', () => {
    const judge = listJudge(['OxfordComma'], ['unlisted'])
    const text = 'I recieved apples, pears and plums from Brinkov.'
    expect(judge(text, finding({ text, original: 'pears', rule: 'OxfordComma' }))).toBe(false)
    expect(judge(text, finding({ text, original: 'recieved', spellingKind: 'unlisted' }))).toBe(true)
    expect(judge(text, finding({ text, original: 'Brinkov', spellingKind: 'capitalised' }))).toBe(false)
  })
})

describe('finding features', () => {
  test('position and length are read within the finding’s own sentence', () => {
    const text = 'Hello there. Recieved your note today.'
    const x = findingFeatures(
      text,
      finding({ text, original: 'Recieved', spellingKind: 'unlisted', suggestions: ['Received'] }),
    )
    expect(x.get('at-sentence-start')).toBe(1)
    expect(x.get('capitalised-inside')).toBe(0)
    expect(x.get('sentence-words')).toBeCloseTo(Math.log(5) / 4)
    expect(x.get('rule:spelling:unlisted')).toBe(1)
    expect(x.get('spelling:distance')).toBe(0.5) // one swap of two letters, over 2
  })

  test('a rare candidate is rarer than a common one, and non-spelling findings get no spelling features', () => {
    const text = 'I saw teh cat.'
    const common = findingFeatures(
      text,
      finding({ text, original: 'teh', spellingKind: 'short', suggestions: ['the'] }),
    )
    const rare = findingFeatures(
      text,
      finding({ text, original: 'teh', spellingKind: 'short', suggestions: ['tehsil'] }),
    )
    expect(common.get('spelling:best-rarity')!).toBeLessThan(rare.get('spelling:best-rarity')!)
    const grammar = findingFeatures(text, finding({ text, original: 'saw', rule: 'Agreement', suggestions: ['see'] }))
    expect(grammar.has('spelling:distance')).toBe(false)
    expect(grammar.get('at-sentence-start')).toBe(0)
  })
})
