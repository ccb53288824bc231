import { expect, test } from 'vitest'
import { internalPort } from '../src/stack.js'

test('internal services take free ports unless pinned', () => {
  expect(internalPort({}, 'API_PORT')).toBe('0')
  expect(internalPort({ API_PORT: '0' }, 'API_PORT')).toBe('0')
  expect(internalPort({ API_PORT: '9001' }, 'API_PORT')).toBe('9001')
})

test('a pinned per-region port gives each further region the next port', () => {
  const vars = { LLM_WORKER_PORT: '11434' }
  expect([0, 1].map((i) => internalPort(vars, 'LLM_WORKER_PORT', i))).toEqual(['11434', '11435'])
})
