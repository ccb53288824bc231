import { describe, expect, test } from 'vitest'
import { looksLikeInjection } from '../src/injection.js'
import { INJECTION_ATTEMPTS, ORDINARY_MESSAGES } from './injection-attempts.js'

describe('looksLikeInjection', () => {
  test.each(INJECTION_ATTEMPTS)('recognises: %s', (text) => {
    expect(looksLikeInjection(text)).toBe(true)
  })

  test.each(ORDINARY_MESSAGES)('leaves ordinary learner text alone: %s', (text) => {
    expect(looksLikeInjection(text)).toBe(false)
  })
})
