import { SCORE_ASPECTS, type ScoreResponse } from '@parley/core'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { ScoreBars } from '../components/chat/score-bars'

const score = {
  aspects: Object.fromEntries(
    SCORE_ASPECTS.map((a) => [a, { score: 40, justification: `${a}: You wrote “I am agree” (→ “I agree”).` }]),
  ),
  cefr: { level: 'A2', confidence: 0.62 },
} as unknown as ScoreResponse

describe('score bars', () => {
  test("every aspect's justification is in the page, not only in a hover tooltip", () => {
    const html = renderToStaticMarkup(createElement(ScoreBars, { score }))
    for (const aspect of SCORE_ASPECTS) {
      expect(html).toContain(`data-testid="justification-${aspect}"`)
      expect(html).toContain(`${aspect}: You wrote “I am agree” (→ “I agree”).`)
    }
    expect(html).not.toContain('title=')
  })

  test('without scores it says why: nothing written yet, scores on their way, or a conversation never scored', () => {
    const line = (props: { scoring?: boolean; learnerWrote?: boolean }) =>
      renderToStaticMarkup(createElement(ScoreBars, { score: undefined, ...props }))
    expect(line({})).toContain('Scores appear after your first message.')
    expect(line({ learnerWrote: true, scoring: true })).toContain('Scoring this conversation')
    expect(line({ learnerWrote: true })).toContain('No scores for this conversation yet')
    expect(line({ learnerWrote: true })).not.toContain('first message')
  })
})
