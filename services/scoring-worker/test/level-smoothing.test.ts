import { describe, expect, test } from 'vitest'
import { type LevelHistoryEntry, SWITCH_MARGIN, smoothLevel } from '../src/scoring/cefr.js'
import { cappedTurns, TURN_CAP_FACTOR } from '../src/scoring/level-evidence.js'

// Probabilities for A1..C2 that point clearly at one level.
const pointing = (level: number, top = 0.6) => Array.from({ length: 6 }, (_, k) => (k === level ? top : (1 - top) / 5))

describe('level smoothing over the learner history', () => {
  test('with no history the conversation stands alone', () => {
    const alone = smoothLevel(pointing(3), 120)
    expect(alone).toMatchObject({ level: 'B2', conversationLevel: 'B2', confidence: 0.6 })
  })

  test('one conversation pointing elsewhere does not flip an established level', () => {
    const history: LevelHistoryEntry[] = Array.from({ length: 4 }, () => ({ level: 'A2', confidence: 0.7, words: 150 }))
    const result = smoothLevel(pointing(3, 0.7), 60, history)
    expect(result.conversationLevel).toBe('B2')
    expect(result.level).toBe('A2')
  })

  test('an injected sequence: the level moves only after consistent evidence, and then stays', () => {
    // A learner at A2 for three conversations, then one B2-looking outlier, then consistently B1.
    const sequence = [1, 1, 1, 3, 1, 2, 2, 2, 2, 2]
    const history: LevelHistoryEntry[] = []
    const levels: string[] = []
    for (const level of sequence) {
      const result = smoothLevel(pointing(level, 0.65), 100, history)
      levels.push(result.level)
      history.push({ level: result.conversationLevel, confidence: result.conversationConfidence, words: 100 })
    }
    expect(levels.slice(0, 5)).toEqual(['A2', 'A2', 'A2', 'A2', 'A2']) // the outlier at 4 changed nothing
    expect(levels.at(-1)).toBe('B1') // consistent B1 evidence wins in the end
    const changes = levels.filter((l, i) => i > 0 && l !== levels[i - 1]).length
    expect(changes).toBe(1) // no back-and-forth
  })

  test('hysteresis: a near tie keeps the current level', () => {
    const nearTie = [0.02, 0.44, 0.44 + SWITCH_MARGIN / 2, 0.05, 0.0, 0.0].map((p) => p + 0.01)
    expect(smoothLevel(nearTie, 100, [{ level: 'A2', confidence: 0.5, words: 1 }]).level).toBe('A2')
  })
})

describe('capped turns: one message cannot dominate the level', () => {
  const turn = (text: string) => ({ text, issues: [] })
  test('a long message weighs at most TURN_CAP_FACTOR × the median turn', () => {
    const long = Array.from({ length: 60 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}`).join(' ')
    const capped = cappedTurns([turn('I like my cat.'), turn('She is very small.'), turn(long)])
    expect(capped[2]!.text.split(' ')).toHaveLength(4 * TURN_CAP_FACTOR)
    expect(capped[0]!.text).toBe('I like my cat.')
  })

  test('a single turn is left whole, and issues after the cut are dropped', () => {
    const text = 'one two three four five six'
    const issue = { start: 24, end: 27, category: 'grammar', original: 'six', suggestions: ['6'] }
    expect(cappedTurns([{ text, issues: [issue] }])[0]).toEqual({ text, issues: [issue] })
    const capped = cappedTurns([turn('a b'), turn('c d'), { text, issues: [issue] }])
    expect(capped[2]).toEqual({
      text: text
        .split(' ')
        .slice(0, 2 * TURN_CAP_FACTOR)
        .join(' '),
      issues: [],
    })
  })
})
