import { describe, expect, test } from 'vitest'
import type { Conversation } from '../lib/conversation'
import { exportFileName, toExportJson, toMarkdown } from '../lib/export'
import { parseExport } from '../lib/import-schema'
import { hitHref, matchingTurn, mergeHits } from '../lib/search'

const ID = '0191d7a0-1c2b-7d3e-8f40-5a6b7c8d9e0f'
const convo: Conversation = {
  id: ID,
  title: 'Free talk',
  created_at: '2026-12-01T10:00:00.000Z',
  updated_at: '2026-12-01T10:05:00.000Z',
  conversation: [
    { role: 'assistant', content: 'Hi! What did you do today?', scenario: 'free-talk', at: '2026-12-01T10:00:00Z' },
    {
      role: 'user',
      content: 'I has went to the beach.',
      feedback: {
        issues: [
          {
            start: 2,
            end: 10,
            original: 'has went',
            suggestions: ['went'],
            category: 'grammar',
            explanation: 'Past simple',
            source: 'rules',
          },
        ],
        betterWords: [],
        tips: ['Use the past simple for finished actions.'],
        corrected: 'I went to the beach.',
      },
    },
    {
      role: 'assistant',
      content: 'Lovely! Which beach?',
      score: {
        aspects: { grammar: { score: 61.4, justification: 'One error.' } },
        cefr: { level: 'A2', confidence: 0.6 },
        signals: {},
      },
    } as Conversation['conversation'][number],
  ],
}

describe('export and import', () => {
  test('JSON round-trips every field, corrections and scores included', () => {
    const parsed = parseExport(toExportJson([convo], new Date('2026-12-02T00:00:00Z')))
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.value.exported_at).toBe('2026-12-02T00:00:00.000Z')
    expect(parsed.value.conversations[0]).toEqual(convo)
  })

  test('Markdown carries the corrections, tips and scores', () => {
    const md = toMarkdown([convo])
    expect(md).toContain('# Free talk')
    expect(md).toContain('> I has went to the beach.')
    expect(md).toContain('grammar: "has went" → "went" (Past simple)')
    expect(md).toContain('Corrected: I went to the beach.')
    expect(md).toContain('Tip: Use the past simple')
    expect(md).toContain('Scores (CEFR A2)')
    expect(md).toContain('| Grammar | 61 |')
  })

  test('bad files get one clear error that says where', () => {
    expect(parseExport('{nope')).toMatchObject({ ok: false, error: expect.stringMatching(/^The file is not JSON/) })
    expect(parseExport('{"format":"other"}')).toMatchObject({
      ok: false,
      error: expect.stringContaining('not a Parley export'),
    })
    const bad = JSON.parse(toExportJson([convo]))
    bad.conversations[0].conversation[1].role = 'system'
    expect(parseExport(JSON.stringify(bad))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^conversations\.0\.conversation\.1\.role: /),
    })
    const twice = JSON.parse(toExportJson([convo, convo]))
    expect(parseExport(JSON.stringify(twice))).toMatchObject({
      ok: false,
      error: expect.stringContaining('appears twice'),
    })
    const untitled = JSON.parse(toExportJson([{ ...convo, title: '  ' }]))
    expect(parseExport(JSON.stringify(untitled))).toMatchObject({
      ok: false,
      error: 'conversations.0.title: the title is empty',
    })
  })

  test('file names are safe', () => {
    expect(exportFileName('Job interview: round 2!', 'md', new Date('2026-12-01T00:00:00Z'))).toBe(
      'parley-job-interview-round-2-2026-12-01.md',
    )
    expect(exportFileName('???', 'json', new Date('2026-12-01T00:00:00Z'))).toBe('parley-conversation-2026-12-01.json')
  })
})

describe('search hits', () => {
  test('a hit opens at the turn that shares the most words with the query', () => {
    expect(matchingTurn(convo, 'beach holiday')).toBe(1)
    expect(matchingTurn(convo, 'which beach')).toBe(2)
    expect(matchingTurn(convo, 'mountains')).toBeUndefined()
  })

  test('title hits first, then meaning hits above the noise floor, without repeats', () => {
    const other = { ...convo, id: '0191d7a0-1c2b-7d3e-8f40-5a6b7c8d9e10', title: 'Job interview' }
    const noise = { ...convo, id: '0191d7a0-1c2b-7d3e-8f40-5a6b7c8d9e11', title: 'Noise' }
    const hits = mergeHits(
      'beach',
      [convo],
      [
        { ...convo, similarity: 0.9 },
        { ...noise, similarity: 0.05 },
        { ...other, similarity: 0.5 },
      ],
    )
    expect(hits.map((h) => [h.conversation.title, h.by])).toEqual([
      ['Free talk', 'title'],
      ['Job interview', 'meaning'],
    ])
    expect(hitHref(hits[0]!)).toBe(`/chat?c=${ID}&t=1`)
  })
})
