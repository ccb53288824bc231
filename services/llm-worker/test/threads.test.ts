import { expect, test } from 'vitest'
import { autoThreads } from '../src/scheduler/threads.js'

test('LLM_THREADS=0 takes the physical cores on an idle machine', () => {
  expect(autoThreads(2, 0)).toBe(2)
  expect(autoThreads(16, 0.3)).toBe(16)
})

test('cores other processes keep busy are left out, never below one thread', () => {
  expect(autoThreads(2, 1)).toBe(1)
  expect(autoThreads(2, 24)).toBe(1)
  expect(autoThreads(16, 4.2)).toBe(12)
  expect(autoThreads(8, 1.6)).toBe(6)
})

test('odd inputs still give a usable count', () => {
  expect(autoThreads(0, 0)).toBe(1)
  expect(autoThreads(4, -1)).toBe(4)
})
