import { words } from './text-stats.js'

/** A learner turn with the issues found in it (offsets into `text`). */
export type TurnFindings = {
  text: string
  issues: { start: number; end: number; category: string; original: string; suggestions: string[] }[]
}

/**
 * A turn may weigh at most this many times the median learner turn in the level estimate. At 2, one long advanced
 * message still moved a conversation of short simple turns from A1 to A2 under the level model fitted on cefr_asag
 * (test/level-conversation.test.ts); at 1 it weighs as much as a typical turn and no more.
 */
export const TURN_CAP_FACTOR = 1

/**
 * The learner turns as the level estimate reads them: each cut after TURN_CAP_FACTOR × the median turn length (in
 * words), with only the issues before the cut. One long pasted message then weighs no more than a typical one,
 * so it cannot flip the level by itself. A single turn (or turns of equal length) is left whole.
 */
export function cappedTurns(turns: TurnFindings[]): TurnFindings[] {
  const lengths = turns.map((t) => words(t.text).length).sort((a, b) => a - b)
  const median = lengths[Math.floor((lengths.length - 1) / 2)] ?? 0
  const cap = Math.max(1, Math.ceil(TURN_CAP_FACTOR * median))
  return turns.map((turn) => {
    const ends = [...turn.text.matchAll(/\p{L}+(?:['’]\p{L}+)*/gu)].map((m) => m.index + m[0].length)
    if (ends.length <= cap) return turn
    const cut = ends[cap - 1]!
    return { text: turn.text.slice(0, cut), issues: turn.issues.filter((i) => i.start < cut) }
  })
}
