import { describe, expect, test } from 'vitest'
import { codeDeliveryFor, codeWhere } from '../lib/code-delivery'
import { demoModelInUse } from '../lib/demo-model'
import { formatWhen, historyEntry, oneLine, scenarioLabel } from '../lib/history'
import { regionName } from '../lib/regions'

describe('code delivery wording', () => {
  test('auto: loopback identity writes to the outbox, anything else emails', () => {
    expect(codeDeliveryFor('auto', 'http://127.0.0.1:8082', '/data/outbox')).toEqual({
      kind: 'outbox',
      dir: '/data/outbox',
    })
    expect(codeDeliveryFor('auto', 'http://localhost:8082', '/o').kind).toBe('outbox')
    expect(codeDeliveryFor('auto', 'https://cognito-idp.us-east-1.amazonaws.com', '/o').kind).toBe('email')
    expect(codeDeliveryFor('operator', 'http://127.0.0.1:8082', '/o').kind).toBe('operator')
  })

  test('the outbox sentence names the file and never claims an email was sent', () => {
    const text = codeWhere({ kind: 'outbox', dir: '/data/outbox' }, 'Ana@Example.com')
    expect(text).toContain('/data/outbox/ana@example.com.json')
    expect(text).toContain('no email is sent')
    expect(text).not.toMatch(/we sent/i)
    expect(codeWhere({ kind: 'outbox', dir: '/o' }, 'a@b.c', 'reset')).not.toContain('confirm-user')
    expect(codeWhere({ kind: 'email' }, undefined)).toMatch(/We sent a code/)
    expect(codeWhere({ kind: 'operator' }, undefined)).toMatch(/operator confirms/)
  })
})

describe('demo model notice', () => {
  const tiny = { name: 'parley-tiny:latest', randomWeights: true }
  const real = { name: 'smollm2:latest', randomWeights: false }
  test('the chosen model decides; with no choice, only when every model is a demo', () => {
    expect(demoModelInUse([tiny, real], 'parley-tiny')).toEqual(tiny)
    expect(demoModelInUse([tiny, real], 'smollm2:latest')).toBeUndefined()
    expect(demoModelInUse([tiny], undefined)).toEqual(tiny)
    expect(demoModelInUse([tiny, real], undefined)).toBeUndefined()
    expect(demoModelInUse([], undefined)).toBeUndefined()
  })
})

describe('history entries', () => {
  test('two free talks differ by time and first line', () => {
    const a = historyEntry({
      id: 'a',
      title: 'Free talk',
      updated_at: '2026-12-01T10:00:00Z',
      conversation: [
        { role: 'assistant', content: 'Hi! What shall we talk about?', scenario: 'free-talk' },
        { role: 'user', content: 'I  went\nto the   beach yesterday' },
      ],
    })
    expect(a).toMatchObject({ scenario: 'free-talk', preview: 'I went to the beach yesterday', messages: 2 })
    const b = historyEntry({ id: 'b', title: 'Free talk', conversation: [{ role: 'assistant', content: 'Hello!' }] })
    expect(b.preview).toBe('Hello!')
    expect(b.when).toBeUndefined()
    expect(formatWhen(a.when, 'en-GB')).toMatch(/1 Dec 2026/)
    expect(formatWhen('nonsense')).toBe('')
    expect(oneLine('x'.repeat(200)).length).toBe(90)
  })

  test('scenario and region labels are readable', () => {
    expect(scenarioLabel('job-interview', new Map())).toBe('Job interview')
    expect(scenarioLabel('restaurant', new Map([['restaurant', 'At a restaurant']]))).toBe('At a restaurant')
    expect(regionName('us-west-2')).toBe('US West (Oregon)')
    expect(regionName('xx-moon-1')).toBe('xx-moon-1')
  })
})

describe('core constants copied for the browser', () => {
  test('match @parley/core', async () => {
    const core = await import('@parley/core')
    const copy = await import('../lib/core-constants')
    expect([...copy.SCORE_ASPECTS]).toEqual([...core.SCORE_ASPECTS])
    expect([...copy.CEFR_LEVELS]).toEqual([...core.CEFR_LEVELS])
  })
})
