import { describe, expect, test } from 'vitest'
import { DEFAULT_LLM_POLICY, placeFindings } from '../src/feedback/llm-layer.js'
import type { LlmFeedback } from '../src/prompts/feedback-prompt.js'

const text = 'Yesterday I goed to the libary and buyed a book.'
const reply: LlmFeedback = {
  issues: [
    { original: 'goed', suggestion: 'went', category: 'grammar', explanation: 'Past of go.' },
    { original: 'libary', suggestion: 'library', category: 'spelling', explanation: 'Spelling.' },
    { original: 'a book', suggestion: 'a  Book ', category: 'style', explanation: 'Changes nothing.' },
    { original: 'buyed', suggestion: 'bought', category: 'grammar', explanation: 'Past of buy.' },
    { original: 'not in the text', suggestion: 'x', category: 'grammar', explanation: 'Nowhere.' },
  ],
  betterWords: [{ original: 'book', better: 'novel', why: 'More precise.' }],
  tips: ['Check irregular past forms.'],
}
const rules = [{ start: text.indexOf('buyed'), end: text.indexOf('buyed') + 5 }]

describe('merging the LLM layer with the rules layer', () => {
  test('default: the model adds better words and tips but no corrections (its corrections were less precise)', () => {
    expect(DEFAULT_LLM_POLICY).toBe('none')
    const placed = placeFindings(text, reply, rules, 'en')
    expect(placed.issues).toEqual([])
    expect(placed.betterWords).toHaveLength(1)
    expect(placed.tips).toEqual(['Check irregular past forms.'])
  })

  test('all: re-anchored on the text; no-ops, unplaceable quotes and rules-contradicting ones dropped', () => {
    const placed = placeFindings(text, reply, rules, 'en', 'all').issues
    expect(placed.map((i) => [text.slice(i.start, i.end), i.suggestions[0]])).toEqual([
      ['goed', 'went'],
      ['libary', 'library'],
    ])
    for (const i of placed) expect(i.change).toEqual({ kind: 'replace' })
  })

  test('small-edit: only one-word edits within two letters', () => {
    const placed = placeFindings(text, reply, [], 'en', 'small-edit').issues
    expect(placed.map((i) => i.original)).toEqual(['libary'])
  })
})
