import { describe, expect, test } from 'vitest'
import { measureComplexity } from '../src/scoring/complexity.js'
import { partOfSpeechShares } from '../src/scoring/parts-of-speech.js'
import { measureSignals } from '../src/scoring/signals.js'
import { sentences } from '../src/scoring/text-stats.js'

const noIssues = { grammar: 0, spelling: 0, 'word-choice': 0, punctuation: 0, style: 0, register: 0 }
const noTutor = { pairs: 0, similarity: 0, fromEmbeddings: true, answeredQuestionShare: 1 }

// The signals added for the level and aspect models: each must separate the texts it is meant to separate.
describe('level and aspect signals', () => {
  test('parts of speech: a beginner writes pronouns and few modifiers; an advanced writer the reverse', () => {
    const beginner = partOfSpeechShares(['I like my town. It is big. I go to school. We play.'])
    const advanced = partOfSpeechShares([
      'The old harbour, surprisingly quiet in winter, slowly filled with curious visitors from distant cities.',
    ])
    expect(beginner.pronounShare).toBeGreaterThan(advanced.pronounShare)
    expect(advanced.adjectiveShare).toBeGreaterThan(beginner.adjectiveShare)
    expect(advanced.adverbShare).toBeGreaterThan(beginner.adverbShare)
    expect(advanced.pastTenseShare).toBeGreaterThan(beginner.pastTenseShare)
    expect(partOfSpeechShares([]).adjectiveShare).toBe(0)
    expect(partOfSpeechShares(['I could go.']).modalShare).toBeGreaterThan(0)
  })

  test('sentence-length variation and commas per sentence', () => {
    const even = measureComplexity(sentences('I like tea. I like milk. I like rice.'))
    const varied = measureComplexity(
      sentences('Tea. When I was a child, my grandmother, who lived by the sea, made it every morning.'),
    )
    expect(even.sentenceLengthVariation).toBe(0)
    expect(varied.sentenceLengthVariation).toBeGreaterThan(0.5)
    expect(even.commasPerSentence).toBe(0)
    expect(varied.commasPerSentence).toBe(1.5)
  })

  test('unknown words: misspellings missing from the word list count, names and contractions do not', () => {
    const clean = measureSignals(["I don't live in Lyon, but I visit it often."], noIssues, noTutor)
    const misspelt = measureSignals(['I whant to vist my freind tomorow.'], noIssues, noTutor)
    expect(clean.unknownWordShare).toBe(0)
    expect(misspelt.unknownWordShare).toBeGreaterThan(0.4)
  })
})
