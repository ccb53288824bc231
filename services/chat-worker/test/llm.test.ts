import { describe, expect, test } from 'vitest'
import { llmError, readContextLength } from '../src/llm.js'

describe('readContextLength', () => {
  test('takes the lowest of the trained context and num_ctx, from an object or a Map', () => {
    expect(readContextLength({ 'llama.context_length': 4096 }, '')).toBe(4096)
    expect(readContextLength(new Map([['qwen2.context_length', 32768]]), 'num_ctx 8192\ntemperature 0.7')).toBe(8192)
    expect(readContextLength({ 'general.name': 'x' }, undefined)).toBeNull()
    expect(readContextLength(undefined, '')).toBeNull()
  })
})

describe('llmError', () => {
  test.each([
    [{ status_code: 404 }, 404, 'not_found', /Model "m" is not available/],
    [{ status_code: 400 }, 400, 'llm_rejected', /rejected/],
    [{ status_code: 503 }, 503, 'unavailable', /busy/],
    [{ status_code: 429 }, 503, 'unavailable', /busy/],
    [{ status_code: 500 }, 502, 'llm_error', /status 500/],
    [new TypeError('fetch failed'), 503, 'unavailable', /unreachable/],
  ])('maps %o to %i', (err, status, code, message) => {
    const mapped = llmError(Object.assign(new Error('upstream detail'), err), 'm')
    expect(mapped).toMatchObject({ status, code })
    expect(mapped.message).toMatch(message)
    expect(mapped.message).not.toContain('upstream detail')
  })
})
