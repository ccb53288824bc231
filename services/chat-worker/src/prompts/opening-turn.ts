import type { Learner } from '@parley/core'
import { learnerField } from '../injection.js'

/**
 * When a conversation has no messages yet, the tutor speaks first. Chat templates expect a user turn, so this is the
 * stand-in the model sees in its place; it is never shown to the learner.
 */
export function openingTurn(learner: Learner): string {
  return `(${learnerField(learner.name)} has just joined the conversation. Greet them by name and open the scenario with its opening line, adapted to their level.)`
}
