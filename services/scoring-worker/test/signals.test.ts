import { SCORE_ASPECTS } from '@parley/core'
import { describe, expect, test } from 'vitest'
import { fitDimension } from '../src/embed/fit-dimension.js'
import { measuredScores } from '../src/scoring/formula.js'
import { band, frequencyListSize } from '../src/scoring/frequency-bands.js'
import { mtld } from '../src/scoring/lexical-diversity.js'
import { measureMechanics } from '../src/scoring/mechanics.js'
import {
  answeredQuestionShare,
  clarificationShare,
  contrastiveSimilarity,
  cosine,
  lexicalSimilarity,
  replyPairs,
} from '../src/scoring/responsiveness.js'
import { measureSignals } from '../src/scoring/signals.js'
import { sentences, words } from '../src/scoring/text-stats.js'

const noIssues = { grammar: 0, spelling: 0, 'word-choice': 0, punctuation: 0, style: 0, register: 0 }
const onTopic = { pairs: 2, similarity: 0.6, fromEmbeddings: true, answeredQuestionShare: 1 }

describe('text statistics', () => {
  test('splits words and sentences, keeping contractions whole', () => {
    expect(words("I don't know… it's fine 😀")).toEqual(['I', "don't", 'know', "it's", 'fine'])
    expect(sentences('Hi!! How are you? fine\nthanks 😀')).toEqual(['Hi!!', 'How are you?', 'fine', 'thanks 😀'])
  })

  test('MTLD is higher for varied text than for repetitive text', () => {
    const varied = 'the quick brown fox jumps over a lazy dog while seven wizards quietly brew strange potions'.split(
      ' ',
    )
    const repetitive = 'the cat and the cat and the cat and the cat and the cat and the cat'.split(' ')
    expect(mtld(varied)).toBeGreaterThan(mtld(repetitive))
    expect(mtld([])).toBe(0)
  })

  test('frequency bands come from the shipped list of 5,000 words', () => {
    expect(frequencyListSize()).toBe(5000)
    expect(band('the')).toBe('k1')
    expect(band("Don't")).toBe('k1')
    expect(band('serendipitous')).toBe('offList')
  })

  test('mechanics see capitals, closing punctuation, lower-case "i" and shouting', () => {
    const m = measureMechanics(['i am HAPPY!!!', 'This is fine.'])
    expect(m.capitalisedSentenceShare).toBe(0.5)
    expect(m.terminalPunctuationShare).toBe(1)
    expect(m.lowercaseIShare).toBe(1)
    expect(m.shoutingShare).toBeGreaterThan(0)
    expect(m.repeatedPunctuationPerSentence).toBe(0.5)
  })
})

describe('responsiveness', () => {
  const convo = [
    { role: 'assistant' as const, content: 'What is your favourite food?' },
    { role: 'user' as const, content: 'My favourite food is fried rice with chicken.' },
    { role: 'assistant' as const, content: 'Do you cook it yourself?' },
    { role: 'user' as const, content: 'No.' },
    { role: 'assistant' as const, content: 'What did you eat yesterday?' },
    { role: 'user' as const, content: 'Sorry, what do you mean?' },
    { role: 'assistant' as const, content: 'Where do you usually buy your food?' },
    { role: 'user' as const, content: 'Yes.' },
  ]

  test('a question counts as answered by a real reply or a yes/no to a yes/no question, not by a request to repeat', () => {
    const pairs = replyPairs(convo)
    expect(pairs).toHaveLength(4)
    // Answered: the food (full answer) and "No." to "Do you…?"; not: "what do you mean?" and "Yes." to "Where…?".
    expect(answeredQuestionShare(pairs)).toBe(0.5)
    expect(clarificationShare(pairs)).toBe(0.25)
  })

  test('embedding contrast: a reply close to its own tutor turn beats one close to every turn', () => {
    // Pairs in order tutor, reply: the on-topic replies point where their own tutor turn points.
    const onTopic = [
      [1, 0],
      [1, 0.1],
      [0, 1],
      [0.1, 1],
    ]
    const generic = [
      [1, 0],
      [1, 1],
      [0, 1],
      [1, 1],
    ]
    expect(contrastiveSimilarity(onTopic)!).toBeGreaterThan(0.5)
    expect(contrastiveSimilarity(generic)!).toBeCloseTo(0, 5)
    expect(
      contrastiveSimilarity([
        [1, 0],
        [1, 0],
      ]),
    ).toBeUndefined()
  })

  test('the lexical fallback sees topical overlap', () => {
    const related = lexicalSimilarity([
      { tutor: 'Tell me about your favourite food', learner: 'My favourite food is rice' },
    ])
    const unrelated = lexicalSimilarity([{ tutor: 'Tell me about your favourite food', learner: 'The train was late' }])
    expect(related).toBeGreaterThan(unrelated)
  })
})

describe('scores and CEFR', () => {
  const good = [
    'Yesterday I visited my grandmother, who lives in a small village near the mountains.',
    'Although the journey was long, I enjoyed it because the scenery was beautiful.',
  ]
  const weak = ['i go market', 'buy rice', 'ok']

  test('every measured score is within 0-100 and the same input gives the same scores', () => {
    const s = measureSignals(good, noIssues, onTopic)
    const a = measuredScores(s)
    expect(Object.keys(a).sort()).toEqual([...SCORE_ASPECTS].sort())
    for (const v of Object.values(a)) expect(v).toBeGreaterThanOrEqual(0)
    for (const v of Object.values(a)) expect(v).toBeLessThanOrEqual(100)
    expect(measuredScores(measureSignals(good, noIssues, onTopic))).toEqual(a)
  })

  test('richer, correct text scores higher than fragments full of errors', () => {
    const strong = measuredScores(measureSignals(good, noIssues, onTopic))
    const poor = measuredScores(measureSignals(weak, { ...noIssues, grammar: 2, punctuation: 1 }, onTopic))
    for (const aspect of ['written_fluency', 'vocabulary', 'grammar', 'coherence', 'clarity'] as const) {
      expect(strong[aspect], aspect).toBeGreaterThan(poor[aspect])
    }
  })

  test('responsiveness is neutral when no reply follows a tutor turn', () => {
    const alone = measuredScores(measureSignals(good, noIssues, { ...onTopic, pairs: 0, similarity: 0 }))
    expect(alone.responsiveness).toBe(50)
  })

  test('comprehension follows the answers: every question answered scores higher than none answered', () => {
    const answered = measuredScores(
      measureSignals(good, noIssues, { ...onTopic, questionsAsked: 2, answeredQuestionShare: 1, lexicalOverlap: 0.2 }),
    )
    const unanswered = measuredScores(
      measureSignals(good, noIssues, {
        ...onTopic,
        questionsAsked: 2,
        answeredQuestionShare: 0,
        clarificationShare: 1,
        lexicalOverlap: 0.2,
      }),
    )
    expect(answered.comprehension).toBeGreaterThanOrEqual(70)
    expect(unanswered.comprehension).toBeLessThan(30)
    expect(answered.responsiveness).toBeGreaterThan(unanswered.responsiveness)
  })
})

describe('fitting embeddings to the configured dimension', () => {
  test('pads shorter vectors with zeros, keeping cosine similarity', () => {
    const a = fitDimension([1, 2, 3], 8)
    const b = fitDimension([3, 2, 1], 8)
    expect(a.fit).toBe('padded')
    expect(a.vector).toHaveLength(8)
    expect(cosine(a.vector, b.vector)).toBeCloseTo(cosine([1, 2, 3], [3, 2, 1]), 10)
  })

  test('projects longer vectors deterministically to unit length', () => {
    const long = Array.from({ length: 2048 }, (_, i) => Math.sin(i))
    const once = fitDimension(long, 768)
    expect(once.fit).toBe('projected')
    expect(once.vector).toHaveLength(768)
    expect(fitDimension(long, 768).vector).toEqual(once.vector)
    expect(Math.hypot(...once.vector)).toBeCloseTo(1, 10)
    // Similar inputs stay similar, unrelated ones don't become similar.
    const near = long.map((x, i) => x + 0.05 * Math.cos(i))
    const far = Array.from({ length: 2048 }, (_, i) => Math.cos(i * 7.3))
    expect(cosine(once.vector, fitDimension(near, 768).vector)).toBeGreaterThan(0.9)
    expect(Math.abs(cosine(once.vector, fitDimension(far, 768).vector))).toBeLessThan(0.3)
  })

  test('leaves a vector of the right size as it is', () => {
    expect(fitDimension([0.5, 0.5], 2)).toEqual({ vector: [0.5, 0.5], fit: 'exact' })
  })
})
