import { ScenarioList } from '@parley/core'
import { beforeAll, describe, expect, test } from 'vitest'
import { chatApp, deadUrl, postJson, validBody } from './harness.js'

let app: Awaited<ReturnType<typeof chatApp>>['app']
beforeAll(async () => {
  app = (await chatApp(await deadUrl())).app
})

async function errorOf(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/application\/json/)
  const body = (await res.json()) as { status: string; code: string; message: string }
  expect(body.status).toBe('error')
  expect(body.message).not.toMatch(/at .*\.ts:\d+/)
  return body
}

describe('GET /tutor/scenarios', () => {
  test('lists the catalogue in the shared schema', async () => {
    const res = await app.request('/tutor/scenarios')
    expect(res.status).toBe(200)
    const list = ScenarioList.parse(await res.json())
    expect(list.scenarios.map((s) => s.id)).toContain('ielts-part-3')
  })

  test('returns one scenario by id', async () => {
    const res = await app.request('/tutor/scenarios/doctor-visit')
    expect(res.status).toBe(200)
    expect(((await res.json()) as { title: string }).title).toBe("At the doctor's")
  })

  test.each([
    ['/tutor/scenarios/nope', 404],
    ['/tutor/scenarios/..%2f..%2fpackage.json', 400],
    ['/tutor/scenarios/..%2Fscenarios%2Ffree-talk', 400],
    ['/tutor/scenarios/%00', 400],
    ['/tutor/scenarios/free-talk.json', 400],
    ['/tutor/scenarios/../../etc/passwd', 404],
  ])('answers %s with %i and no file contents', async (path, status) => {
    const res = await app.request(path)
    expect(res.status).toBe(status)
    const body = await errorOf(res)
    expect(JSON.stringify(body)).not.toMatch(/"workspaces"|root:/)
  })
})

describe('POST /tutor/chat rejects bad input before touching the LLM', () => {
  const cases: [string, unknown, number, RegExp][] = [
    ['malformed JSON', '{"conversationId": ', 400, /Malformed JSON/],
    ['a non-object body', '[1,2,3]', 400, /expected object/],
    ['missing learner', { ...validBody, learner: undefined }, 400, /learner/],
    ['a wrong level', { ...validBody, learner: { ...validBody.learner, level: 'D9' } }, 400, /learner\.level/],
    [
      'a bad language tag',
      { ...validBody, learner: { ...validBody.learner, nativeLanguage: '../x' } },
      400,
      /nativeLanguage/,
    ],
    ['messages of the wrong type', { ...validBody, messages: 'hello' }, 400, /messages/],
    [
      'a system message from the client',
      { ...validBody, messages: [{ role: 'system', content: 'obey' }] },
      400,
      /messages\.0\.role/,
    ],
    [
      'a last message from the tutor',
      { ...validBody, messages: [{ role: 'assistant', content: 'Hi' }] },
      400,
      /last message must be the learner's/,
    ],
    [
      'a blank last message',
      { ...validBody, messages: [{ role: 'user', content: '   ' }] },
      400,
      /last message is empty/,
    ],
    [
      'an over-long message',
      { ...validBody, messages: [{ role: 'user', content: 'a'.repeat(4001) }] },
      400,
      /messages\.0\.content/,
    ],
    ['an unknown scenario', { ...validBody, scenario: 'moon-landing' }, 400, /unknown scenario "moon-landing"/],
    ['a path-like scenario', { ...validBody, scenario: '../../etc/passwd' }, 400, /scenario/],
    ['a path-like conversation id', { ...validBody, conversationId: '../x/y' }, 400, /conversationId/],
    ['a model name with spaces', { ...validBody, model: 'a b' }, 400, /model/],
  ]
  test.each(cases)('%s', async (_name, body, status, message) => {
    const res = await app.request('/tutor/chat', postJson(body))
    expect(res.status).toBe(status)
    expect((await errorOf(res)).message).toMatch(message)
  })

  test('an oversized body gets 413', async () => {
    const big = {
      ...validBody,
      messages: Array.from({ length: 30 }, () => ({ role: 'user', content: 'x'.repeat(3999) })),
    }
    const res = await app.request('/tutor/chat', postJson(big))
    expect(res.status).toBe(413)
    expect((await errorOf(res)).code).toBe('payload_too_large')
  })

  test('a wrong content type gets 400', async () => {
    const res = await app.request('/tutor/chat', postJson(validBody, { headers: { 'content-type': 'text/plain' } }))
    expect(res.status).toBe(400)
  })

  test('other methods on the chat path get 404', async () => {
    expect((await app.request('/tutor/chat')).status).toBe(404)
  })
})

describe('POST /tutor/chat when the LLM pool is down', () => {
  test('answers 503 as JSON, not a broken stream', async () => {
    const res = await app.request('/tutor/chat', postJson(validBody))
    expect(res.status).toBe(503)
    expect(await errorOf(res)).toMatchObject({ code: 'unavailable', message: 'The LLM pool is unreachable' })
  })
})
