import { describe, expect, test } from 'vitest'
import { CEFR_EVIDENCE } from '../src/scoring/calibration.js'
import { levelProbabilities, modelLevelProbabilities } from '../src/scoring/cefr.js'
import { featureValues } from '../src/scoring/features.js'
import { calibrateByEvidence, evidenceDoubt } from '../src/scoring/level-confidence.js'
import { measureSignals } from '../src/scoring/signals.js'

const noIssues = { grammar: 0, spelling: 0, 'word-choice': 0, punctuation: 0, style: 0, register: 0 }
const noTutor = { pairs: 0, similarity: 0, fromEmbeddings: true, answeredQuestionShare: 1 }
const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs))

// The fitted evidence calibration (CEFR_EVIDENCE): before it, single sentences were given 0.8–0.97 and were right a
// quarter of the time or less (readmepp_en dev); a refit that makes them sure again, or that flattens whole answers,
// fails here.
describe('the level confidence follows the amount of evidence', () => {
  const sure = [0.02, 0.9, 0.05, 0.01, 0.01, 0.01]

  test('one sentence is far less sure than the model alone; a whole answer keeps about its confidence', () => {
    const oneSentence = Math.max(...calibrateByEvidence(sure, { words: 12, sentences: 1 }, CEFR_EVIDENCE))
    expect(oneSentence).toBeLessThan(0.5)
    // The median cefr_asag train answer, 122 words in 8 sentences: the texts the model's own temperature was fitted on.
    const answer = Math.max(...calibrateByEvidence(sure, { words: 122, sentences: 8 }, CEFR_EVIDENCE))
    expect(answer).toBeGreaterThan(0.85)
    expect(evidenceDoubt({ words: 12, sentences: 1 }, CEFR_EVIDENCE)).toBeGreaterThan(
      evidenceDoubt({ words: 122, sentences: 8 }, CEFR_EVIDENCE),
    )
  })

  test('more words or sentences never make the estimate less sure, and the most likely level never changes', () => {
    let last = 0
    for (let sentences = 1; sentences <= 30; sentences++)
      for (const words of [sentences, 5 * sentences, 20 * sentences]) {
        const p = calibrateByEvidence(sure, { words, sentences }, CEFR_EVIDENCE)
        expect(argmax(p)).toBe(1)
        if (words === 5 * sentences) {
          expect(Math.max(...p)).toBeGreaterThanOrEqual(last)
          last = Math.max(...p)
        }
      }
  })

  test('a real short message: its confidence is lower than the model alone says, on the same level', () => {
    const signals = measureSignals(['I like football very much.'], noIssues, noTutor)
    const model = modelLevelProbabilities(featureValues(signals))
    const calibrated = levelProbabilities(featureValues(signals), {
      words: signals.learnerWords,
      sentences: signals.sentences,
    })
    expect(argmax(calibrated)).toBe(argmax(model))
    expect(Math.max(...calibrated)).toBeLessThan(Math.max(...model))
    expect(Math.max(...calibrated)).toBeLessThan(0.5)
  })
})
