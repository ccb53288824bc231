import { describe, expect, test } from 'vitest'
import { hasRandomWeights, isSmallModel, parameterCount, readParameterSize } from '../src/model-flags.js'

describe('model flags from /api/show', () => {
  test('parameter sizes as Ollama and the llm-worker write them', () => {
    expect(readParameterSize('135M')).toBe(135e6)
    expect(readParameterSize('1.5B')).toBe(1.5e9)
    expect(readParameterSize(' 268M ')).toBe(268e6)
    for (const junk of ['', 'llama', '12', 3, null, undefined]) expect(readParameterSize(junk)).toBeNull()
    expect(parameterCount({ details: { parameter_size: '270M' } })).toBe(270e6)
    expect(parameterCount({ details: {} })).toBeNull()
    expect(parameterCount(null)).toBeNull()
  })

  test('small means under 1B; an unknown size is not small', () => {
    expect(isSmallModel(135e6)).toBe(true)
    expect(isSmallModel(999e6)).toBe(true)
    expect(isSmallModel(1e9)).toBe(false)
    expect(isSmallModel(7e9)).toBe(false)
    expect(isSmallModel(null)).toBe(false)
  })

  test('random weights only when the worker says so', () => {
    expect(hasRandomWeights({ random_weights: true })).toBe(true)
    expect(hasRandomWeights({ random_weights: 'yes' })).toBe(false)
    expect(hasRandomWeights(null)).toBe(false)
  })
})
