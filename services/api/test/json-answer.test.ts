import { VectorJson } from '@parley/db'
import { describe, expect, test } from 'vitest'
import { successJson } from '../src/json-answer.js'

describe('successJson', () => {
  const row = { id: 'a', title: 'ends in }} and "quotes"', conversation: [{ role: 'user', content: '}]' }] }

  test('splices the embedding text into the answer, which parses to what JSON.stringify would give', () => {
    const text = successJson({ ...row, embedding: new VectorJson('[0.5,-1e-7,3]') })
    expect(text).toContain('"embedding":[0.5,-1e-7,3]}}')
    expect(JSON.parse(text)).toEqual({ status: 'success', data: { ...row, embedding: [0.5, -1e-7, 3] } })
  })

  test('a missing embedding, null or a plain array are printed as usual', () => {
    for (const data of [row, { ...row, embedding: null }, { ...row, embedding: [1, 2] }])
      expect(successJson(data)).toBe(JSON.stringify({ status: 'success', data }))
  })

  test('an answer holding only the embedding is still valid JSON', () => {
    expect(JSON.parse(successJson({ embedding: new VectorJson('[1]') }))).toEqual({
      status: 'success',
      data: { embedding: [1] },
    })
  })
})
