import type { Scenario } from '@parley/core'

/**
 * What the learner sees in place of a reply that the output filter stopped because it was leaking the tutor's
 * instructions: an in-role line that brings the conversation back to the scenario.
 */
export function leakDeflection(scenario: Scenario): string {
  const back =
    scenario.id === 'free-talk' ? 'So, tell me more about you!' : `So, back to our ${scenario.title.toLowerCase()}.`
  return `I'm here to practise English with you, so let's keep chatting. ${back} ${lastQuestion(scenario.openingLine)}`.trim()
}

/** The last question of the opening line, to restart from; empty when it has none. */
function lastQuestion(opening: string): string {
  const sentences = opening.match(/[^.!?]+[.!?]/g) ?? []
  return (
    [...sentences]
      .reverse()
      .find((s) => s.trim().endsWith('?'))
      ?.trim() ?? ''
  )
}

/**
 * What the learner sees when the model's reply came out empty (a small model that samples its end token at once, or
 * writes only the learner's next line, which the stop sequences cut): never an empty tutor bubble.
 */
export function emptyReplyLine(scenario: Scenario): string {
  const back = scenario.id === 'free-talk' ? '' : lastQuestion(scenario.openingLine)
  return `I see. Could you tell me a little more about that? ${back}`.trim()
}
