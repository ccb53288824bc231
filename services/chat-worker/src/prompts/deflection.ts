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
