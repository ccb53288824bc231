import { describe, expect, it } from 'vitest'
import {
  addSentence,
  emptyTally,
  insertionFlag,
  rates,
  sameCorrection,
  touches,
} from '../../bench/quality/correction-metrics.js'
import { detokenise, type GoldSentence } from '../../bench/quality/gold.js'

// The benchmark's own scoring: a wrong metric would move every figure in docs/scoring.md.
describe('bench/quality correction metrics', () => {
  const text = 'However I think so.'
  // Gold (M2) inserts "," before token 1: at the start of "I".
  const goldComma = { start: 8, end: 8, correction: ',' }

  it('counts a comma typed right after the word as the gold insertion before the next token', () => {
    const flag = insertionFlag(text, 7, ',')
    expect(flag).toEqual({ start: 7, end: 7, suggestion: ',' })
    expect(touches(text, flag, goldComma)).toBe(true)
    expect(sameCorrection(text, flag, goldComma)).toBe(true)
  })

  it('does not count an insertion at another gap', () => {
    expect(touches(text, { start: 10, end: 10, suggestion: ',' }, goldComma)).toBe(false)
    expect(touches(text, { start: 0, end: 0, suggestion: 'So' }, goldComma)).toBe(false)
  })

  it('counts a word insertion that covers the space', () => {
    const t = 'I want improve it.'
    const flag = insertionFlag(t, 6, ' to')
    expect(touches(t, flag, { start: 7, end: 7, correction: 'to' })).toBe(true)
    expect(sameCorrection(t, flag, { start: 7, end: 7, correction: 'to' })).toBe(true)
    expect(sameCorrection(t, flag, { start: 7, end: 7, correction: 'for' })).toBe(false)
  })

  it('scores a sentence against the union of annotators', () => {
    const gold: GoldSentence = { id: 'x', doc: 'x', text, annotators: [[], [goldComma]] }
    const t = emptyTally()
    addSentence(t, gold, [insertionFlag(text, 7, ','), { start: 10, end: 15, suggestion: 'know' }])
    const r = rates(t)
    expect(r.detection).toBe(1)
    expect(r.spanPrecision).toBe(0.5)
    expect(r.firstSuggestion).toBe(0.5)
    expect(r.falseAlarms).toBe(1)
  })

  it('detokenises M2 tokens the way people type', () => {
    const { text: typed, starts } = detokenise(['I', 'do', "n't", 'know', ',', 'he', 'said', '.'])
    expect(typed).toBe("I don't know, he said.")
    expect(starts[2]).toBe(4)
  })
})
