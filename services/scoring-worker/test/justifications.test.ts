import { describe, expect, test } from 'vitest'
import { advancedWords } from '../src/scoring/evidence.js'
import { measuredScores } from '../src/scoring/formula.js'
import { justify } from '../src/scoring/justifications.js'
import type { TurnFindings } from '../src/scoring/level-evidence.js'
import { answeredQuestionShare, clarificationShare, questionsAsked, replyPairs } from '../src/scoring/responsiveness.js'
import { measureSignals } from '../src/scoring/signals.js'

const counts = (turns: TurnFindings[]) => {
  const c = { grammar: 0, spelling: 0, 'word-choice': 0, punctuation: 0, style: 0, register: 0 }
  for (const t of turns) for (const i of t.issues) c[i.category as keyof typeof c]++
  return c
}

function scoreOf(conversation: { role: 'user' | 'assistant'; content: string }[], turns: TurnFindings[]) {
  const pairs = replyPairs(conversation)
  const signals = measureSignals(
    turns.map((t) => t.text),
    counts(turns),
    {
      pairs: pairs.length,
      similarity: 0,
      fromEmbeddings: false,
      answeredQuestionShare: answeredQuestionShare(pairs),
      questionsAsked: questionsAsked(pairs),
      clarificationShare: clarificationShare(pairs),
      lexicalOverlap: 0.1,
    },
  )
  const measured = measuredScores(signals)
  return { signals, measured, pairs }
}

describe('aspects that make sense', () => {
  test('"I am agree" does not earn a high vocabulary score, and the justification quotes it', () => {
    const text = 'I am agree.'
    const turns: TurnFindings[] = [
      {
        text,
        issues: [{ start: 0, end: 10, category: 'word-choice', original: 'I am agree', suggestions: ['I agree'] }],
      },
    ]
    const conversation = [
      { role: 'assistant' as const, content: 'Do you think cities should ban cars?' },
      { role: 'user' as const, content: text },
    ]
    const { signals, measured, pairs } = scoreOf(conversation, turns)
    expect(measured.vocabulary).toBeLessThan(50)
    expect(measured.grammar).toBeLessThan(50)
    const vocabulary = justify('vocabulary', {
      signals,
      measured: measured.vocabulary,
      score: 40,
      rubric: undefined,
      turns,
      pairs,
    })
    expect(vocabulary.justification).toContain('“I am agree” (→ “I agree”)')
    expect(vocabulary.evidence).toContain('I am agree')
  })

  test('comprehension agrees with its justification: questions answered give a high score and say so', () => {
    const conversation = [
      { role: 'assistant' as const, content: 'Where do you live?' },
      { role: 'user' as const, content: 'I live in a small town near Lyon.' },
      { role: 'assistant' as const, content: 'Do you like it there?' },
      { role: 'user' as const, content: 'Yes, I like it because it is quiet.' },
    ]
    const turns = conversation.filter((m) => m.role === 'user').map((m) => ({ text: m.content, issues: [] }))
    const { signals, measured, pairs } = scoreOf(conversation, turns)
    expect(measured.comprehension).toBeGreaterThanOrEqual(70)
    const j = justify('comprehension', {
      signals,
      measured: measured.comprehension,
      score: Math.round(measured.comprehension),
      rubric: undefined,
      turns,
      pairs,
    })
    expect(j.justification).toContain('2 of 2 tutor questions answered')
    expect(j.justification).toContain('“I live in a small town near Lyon.” (answered the question)')
  })

  test('not understanding the tutor lowers comprehension, and the reply is quoted', () => {
    const conversation = [
      { role: 'assistant' as const, content: 'What would you change about your commute?' },
      { role: 'user' as const, content: 'Sorry, I don’t understand.' },
      { role: 'assistant' as const, content: 'How do you get to work?' },
      { role: 'user' as const, content: 'what?' },
    ]
    const turns = conversation.filter((m) => m.role === 'user').map((m) => ({ text: m.content, issues: [] }))
    const { signals, measured, pairs } = scoreOf(conversation, turns)
    expect(measured.comprehension).toBeLessThan(20)
    const j = justify('comprehension', {
      signals,
      measured: measured.comprehension,
      score: 0,
      rubric: undefined,
      turns,
      pairs,
    })
    expect(j.justification).toContain('0 of 2 tutor questions answered')
    expect(j.evidence?.[0]).toBe('Sorry, I don’t understand.')
  })

  test('every quoted piece of evidence is the learner’s own words', () => {
    const conversation = [
      { role: 'assistant' as const, content: 'Tell me about your weekend.' },
      { role: 'user' as const, content: 'i went to the BEACH with my freinds!!! However the weather was terrible.' },
    ]
    const turns: TurnFindings[] = [
      {
        text: conversation[1]!.content,
        issues: [{ start: 32, end: 39, category: 'spelling', original: 'freinds', suggestions: ['friends'] }],
      },
    ]
    const { signals, measured, pairs } = scoreOf(conversation, turns)
    for (const aspect of ['vocabulary', 'digital_etiquette', 'coherence', 'grammar'] as const) {
      const j = justify(aspect, { signals, measured: measured[aspect], score: 50, rubric: undefined, turns, pairs })
      for (const quote of j.evidence ?? []) expect(conversation[1]!.content, aspect).toContain(quote)
    }
    const etiquette = justify('digital_etiquette', {
      signals,
      measured: 50,
      score: 50,
      rubric: undefined,
      turns,
      pairs,
    })
    expect(etiquette.evidence).toEqual(expect.arrayContaining(['i', 'BEACH']))
  })

  test('a one-turn chat is described in good English: one turn, one reply, one question', () => {
    const text = 'I went to the market.'
    const turns: TurnFindings[] = [{ text, issues: [] }]
    const conversation = [
      { role: 'assistant' as const, content: 'What did you do yesterday?' },
      { role: 'user' as const, content: text },
    ]
    const { signals, measured, pairs } = scoreOf(conversation, turns)
    const say = (aspect: 'written_fluency' | 'responsiveness' | 'comprehension') =>
      justify(aspect, { signals, measured: measured[aspect], score: 50, rubric: undefined, turns, pairs }).justification
    expect(say('written_fluency')).toContain('5 words in 1 turn (')
    expect(say('responsiveness')).toMatch(/\b1 reply\b/)
    expect(say('comprehension')).toContain('1 of 1 tutor question answered')
    for (const line of [say('written_fluency'), say('responsiveness'), say('comprehension')])
      expect(line).not.toMatch(/\b1 (turns|replies|tutor questions|words)\b/)
  })

  test('each line reads as "Measured N/100 from <evidence>", also when the tutor asked nothing', () => {
    const text = 'I went to the market.'
    const turns: TurnFindings[] = [{ text, issues: [] }]
    const conversation = [
      { role: 'assistant' as const, content: 'Tell me about your day.' },
      { role: 'user' as const, content: text },
    ]
    const { signals, measured, pairs } = scoreOf(conversation, turns)
    const say = (aspect: 'comprehension' | 'digital_etiquette') =>
      justify(aspect, { signals, measured: measured[aspect], score: 50, rubric: undefined, turns, pairs }).justification
    expect(say('comprehension')).toMatch(/from replies .* \(the tutor asked no question\), 0% asking to clarify\./)
    expect(say('digital_etiquette')).toMatch(
      /from 100% of sentences starting with a capital, 100% ending with punctuation/,
    )
  })
})

describe('the rarest words quoted for vocabulary', () => {
  test('a flagged word is never quoted as rare vocabulary, whatever its category', () => {
    const text = 'Yesterday we buyed a magnificent chocolate cake.'
    const issue = { start: 13, end: 18, category: 'grammar', original: 'buyed', suggestions: ['bought'] }
    expect(advancedWords([{ text, issues: [] }]).map((q) => q.quote)).toContain('buyed')
    const quoted = advancedWords([{ text, issues: [issue] }]).map((q) => q.quote)
    expect(quoted).not.toContain('buyed')
    expect(quoted).toContain('magnificent')
  })
})
