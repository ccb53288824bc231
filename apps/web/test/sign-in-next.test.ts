import { describe, expect, test } from 'vitest'
import { expiredSignInUrl, safeNext, signInUrl } from '../lib/sign-in-next'

const C = '/chat?c=0b6f1c1e-3a52-4c0e-9d7e-1f2a3b4c5d6e'

describe('where sign-in goes back to', () => {
  test('an expired session keeps the open conversation (path and query) in next, encoded', () => {
    const url = expiredSignInUrl({ pathname: '/chat', search: '?c=0b6f1c1e-3a52-4c0e-9d7e-1f2a3b4c5d6e&t=3' })
    expect(url).toBe('/sign-in?expired=1&next=%2Fchat%3Fc%3D0b6f1c1e-3a52-4c0e-9d7e-1f2a3b4c5d6e%26t%3D3')
    const next = new URL(url, 'http://x').searchParams.get('next')
    expect(safeNext(next)).toBe(`${C}&t=3`)
  })

  test('a server-rendered page sends a learner without a session to sign-in with its path as next', () => {
    expect(signInUrl('/history')).toBe('/sign-in?next=%2Fhistory')
    expect(signInUrl('/admin', { expired: true })).toBe('/sign-in?expired=1&next=%2Fadmin')
  })

  test('same-origin paths are followed with their query', () => {
    expect(safeNext(C)).toBe(C)
    expect(safeNext('/history')).toBe('/history')
    expect(safeNext('/review?x=1#card')).toBe('/review?x=1#card')
  })

  test('anything that leaves the site, or is no path, goes to /chat', () => {
    for (const bad of [
      null,
      undefined,
      '',
      'chat',
      'https://evil.example/chat',
      '//evil.example/chat',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      'javascript:alert(1)',
      ' /chat',
    ])
      expect(safeNext(bad), String(bad)).toBe('/chat')
  })
})
