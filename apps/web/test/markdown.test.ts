import { describe, expect, test } from 'vitest'
import { parseInline, parseMarkdown } from '../lib/markdown'

describe('parseMarkdown', () => {
  test('paragraphs, lists and fenced code', () => {
    const blocks = parseMarkdown(
      'Hello **there**\nsecond line\n\n- one\n- *two*\n\n1. first\n2. second\n\n```\ncode <b>\n```',
    )
    expect(blocks).toEqual([
      {
        t: 'p',
        lines: [
          [
            { t: 'text', v: 'Hello ' },
            { t: 'strong', v: 'there' },
          ],
          [{ t: 'text', v: 'second line' }],
        ],
      },
      { t: 'ul', items: [[{ t: 'text', v: 'one' }], [{ t: 'em', v: 'two' }]] },
      { t: 'ol', items: [[{ t: 'text', v: 'first' }], [{ t: 'text', v: 'second' }]] },
      { t: 'pre', v: 'code <b>' },
    ])
  })

  test('HTML stays text', () => {
    expect(parseInline('<img src=x onerror=alert(1)>')).toEqual([{ t: 'text', v: '<img src=x onerror=alert(1)>' }])
  })

  test('a reply cut mid-stream still parses', () => {
    expect(parseMarkdown('**bold not closed\n```\nopen fence')).toEqual([
      { t: 'p', lines: [[{ t: 'text', v: '**bold not closed' }]] },
      { t: 'pre', v: 'open fence' },
    ])
  })

  test('inline code keeps asterisks literal', () => {
    expect(parseInline('use `a*b*c` here')).toEqual([
      { t: 'text', v: 'use ' },
      { t: 'code', v: 'a*b*c' },
      { t: 'text', v: ' here' },
    ])
  })
})
