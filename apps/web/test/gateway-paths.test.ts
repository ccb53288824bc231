import { describe, expect, test } from 'vitest'
import { forwardedQuery, gatewayTarget } from '../lib/gateway-paths'

const SUB = 'user-123'

describe('gatewayTarget', () => {
  test('conversations always use the session user, never one from the browser', () => {
    expect(gatewayTarget(['conversations'], 'GET', SUB)).toEqual({ path: '/conversations/user-123', region: undefined })
    expect(gatewayTarget(['conversations', 'abc'], 'PUT', SUB)).toEqual({
      path: '/conversations/user-123/abc',
      region: undefined,
    })
    expect(gatewayTarget(['conversations', 'search'], 'POST', SUB)).toMatchObject({
      path: '/conversations/user-123/search',
    })
    // Naming another user's id as a path segment only ever reaches the learner's own namespace.
    expect(gatewayTarget(['conversations', 'other-user', 'abc'], 'GET', SUB)).toEqual({ error: 'not_found' })
  })

  test('region paths are allow-listed', () => {
    expect(gatewayTarget(['us-west-2', 'tutor', 'chat'], 'POST', SUB)).toEqual({
      path: '/us-west-2/tutor/chat',
      region: 'us-west-2',
    })
    expect(gatewayTarget(['us-east-1', 'scoring', 'embed'], 'POST', SUB)).toMatchObject({
      path: '/us-east-1/scoring/embed',
    })
    expect(gatewayTarget(['us-east-1', 'show'], 'POST', SUB)).toMatchObject({ path: '/us-east-1/show' })
    expect(gatewayTarget(['us-east-1', 'show'], 'DELETE', SUB)).toEqual({ error: 'method_not_allowed' })
    expect(gatewayTarget(['us-east-1', 'pull'], 'POST', SUB)).toEqual({ error: 'not_found' })
    expect(gatewayTarget(['us-east-1', 'tags'], 'DELETE', SUB)).toEqual({ error: 'method_not_allowed' })
    expect(gatewayTarget(['metrics'], 'GET', SUB)).toEqual({ error: 'not_found' })
  })

  test('path tricks are refused', () => {
    for (const segs of [['..', 'metrics'], ['conversations', '..'], ['us-east-1', 'tags%2f..'], ['a/b', 'tags'], []])
      expect(gatewayTarget(segs, 'GET', SUB)).toEqual({ error: 'not_found' })
    expect(gatewayTarget(['conversations', 'embed'], 'POST', SUB)).toEqual({ error: 'method_not_allowed' })
  })

  test('only the list query parameters pass', () => {
    expect(forwardedQuery(new URLSearchParams('limit=5&q=job&uid=other&cursor=abc'))).toBe('?limit=5&cursor=abc&q=job')
    expect(forwardedQuery(new URLSearchParams('evil=1'))).toBe('')
  })
})
