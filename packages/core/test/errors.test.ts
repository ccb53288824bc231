import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import {
  BadRequestError,
  createBaseApp,
  ForbiddenError,
  limitBody,
  NotFoundError,
  silentLogger,
  TooManyRequestsError,
  validate,
} from '../src/index.js'

function app() {
  return createBaseApp({ log: silentLogger() })
    .get('/bad', () => {
      throw new BadRequestError('title is required')
    })
    .get('/forbidden', () => {
      throw new ForbiddenError()
    })
    .get('/missing', () => {
      throw new NotFoundError('Conversation not found')
    })
    .get('/slow-down', () => {
      throw new TooManyRequestsError('Rate limit exceeded', 2.2)
    })
    .get('/boom', () => {
      throw new Error('secret database password in stack')
    })
    .post('/echo', limitBody(64), validate('json', z.object({ n: z.number().int() })), (c) =>
      c.json(c.req.valid('json')),
    )
}

describe('error mapping', () => {
  test.each([
    ['/bad', 400, 'bad_request', 'title is required'],
    ['/forbidden', 403, 'forbidden', 'Forbidden'],
    ['/missing', 404, 'not_found', 'Conversation not found'],
    ['/slow-down', 429, 'too_many_requests', 'Rate limit exceeded'],
  ])('%s answers %i with the typed error', async (path, status, code, message) => {
    const res = await app().request(path)
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual({ status: 'error', code, message })
  })

  test('429 carries Retry-After rounded up', async () => {
    const res = await app().request('/slow-down')
    expect(res.headers.get('retry-after')).toBe('3')
  })

  test('an unexpected error is a 500 that leaks neither message nor stack', async () => {
    const res = await app().request('/boom')
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ status: 'error', code: 'internal', message: 'Internal error' })
    expect(text).not.toMatch(/secret|at |\.ts/)
  })

  test('an unknown route is a JSON 404', async () => {
    const res = await app().request('/nope')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ status: 'error', code: 'not_found' })
  })

  const post = (body: string) =>
    app().request('/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body })

  test('malformed JSON is a 400', async () => {
    const res = await post('{"n": 1')
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ status: 'error', code: 'bad_request' })
  })

  test('a wrong type is a 400 naming the field', async () => {
    const res = await post('{"n": "one"}')
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^n: /) })
  })

  test('an oversized body is a 413', async () => {
    const res = await post(JSON.stringify({ n: 1, pad: 'x'.repeat(100) }))
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ code: 'payload_too_large' })
  })

  test('a valid body passes', async () => {
    const res = await post('{"n": 7}')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ n: 7 })
  })
})
