import { describe, expect, test } from 'vitest'
import { codePointSpanToJs, isOnCharBoundaries, nearestOccurrence, toJsSpan } from '../src/rules/offsets.js'

describe('linter spans to JavaScript offsets', () => {
  const text = '😀 I has went 👨‍👩‍👧 home'

  test('keeps UTF-16 offsets that already cover the problem text', () => {
    expect(toJsSpan(text, 5, 8, 'has')).toEqual({ start: 5, end: 8 })
  })

  test('converts code-point offsets (as the Rust core counts) to UTF-16 ones', () => {
    // In code points "has" starts at 4: 😀, space, I, space.
    expect(toJsSpan(text, 4, 7, 'has')).toEqual({ start: 5, end: 8 })
    expect(codePointSpanToJs('𝒜b', 1, 2)).toEqual({ start: 2, end: 3 })
    expect(codePointSpanToJs('ab', 1, 5)).toBeUndefined()
  })

  test('falls back to the nearest occurrence when neither reading fits', () => {
    expect(toJsSpan('go go go', 100, 102, 'go')).toEqual({ start: 6, end: 8 })
    expect(nearestOccurrence('go go go', 'go', 3)).toEqual({ start: 3, end: 5 })
    expect(toJsSpan('abc', 0, 1, 'zzz')).toBeUndefined()
  })

  test('never returns a span that cuts an emoji in half', () => {
    expect(isOnCharBoundaries('😀a', 1, 3)).toBe(false)
    expect(isOnCharBoundaries('😀a', 2, 3)).toBe(true)
    // Offsets 1..2 slice the low surrogate; the problem text can't match, so no span is invented.
    expect(toJsSpan('😀a', 1, 2, '\ude00')).toBeUndefined()
  })
})
