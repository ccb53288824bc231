import type { AspectScore, ScoreAspect } from '@parley/core'
import {
  advancedWords,
  etiquetteSlips,
  issueQuotes,
  linkingWords,
  longestSentence,
  type Quote,
  replyQuotes,
} from './evidence.js'
import { ELLIPSE_DIMENSION, evidenceWeight } from './formula.js'
import type { TurnFindings } from './level-evidence.js'
import type { ReplyPair } from './responsiveness.js'
import { MAX_RUBRIC_SWING } from './rubric-bounds.js'
import type { Signals } from './signals.js'

export type JustifyContext = {
  signals: Signals
  measured: number
  score: number
  rubric: number | undefined
  turns: TurnFindings[]
  pairs: ReplyPair[]
}

const f1 = (n: number) => n.toFixed(1)
/** "1 turn", "2 turns": learners read these lines, so they must be good English. */
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
const pct = (n: number) => `${Math.round(n * 100)}%`

/**
 * One or two sentences per aspect: the measured evidence, the learner's own words behind it (quoted, and returned as
 * `evidence` for highlighting), and what the rubric changed. The numbers named are the ones the score is made of.
 */
export function justify(aspect: ScoreAspect, ctx: JustifyContext): AspectScore {
  const s = ctx.signals
  const { text, quotes } = EVIDENCE[aspect](s, ctx)
  const fitted =
    aspect in ELLIPSE_DIMENSION
      ? ` (calibrated on ELLIPSE ${ELLIPSE_DIMENSION[aspect as keyof typeof ELLIPSE_DIMENSION]} ratings)`
      : ''
  const quoted = quotes.length === 0 ? '' : ` You wrote ${quotes.map(render).join(', ')}.`
  const few = fitted !== '' && evidenceWeight(s.learnerWords) < 0.5 ? ` ${fewWords(s.learnerWords)}` : ''
  const judged =
    ctx.rubric === undefined
      ? ''
      : ` The rubric judged ${ctx.rubric}/100, moving the score ${signed(ctx.score - Math.round(ctx.measured))} (at most ±${MAX_RUBRIC_SWING}).`
  return {
    score: ctx.score,
    justification: `Measured ${Math.round(ctx.measured)}/100${fitted} from ${text}.${quoted}${few}${judged}`,
    ...(quotes.length > 0 && { evidence: quotes.map((q) => q.quote) }),
  }
}

/** Why a calibrated score sits near the middle: its features are shrunk toward the essays' mean (formula.ts). */
const fewWords = (n: number) =>
  `With ${count(n, 'word')} so far, the score stays close to a typical learner's until you write more.`

const render = (q: Quote) => `“${q.quote}”${q.note ? ` (${q.note})` : ''}`
const signed = (n: number) => (n > 0 ? `by +${n}` : n < 0 ? `by ${n}` : 'by 0')

type Evidence = (s: Signals, ctx: JustifyContext) => { text: string; quotes: Quote[] }

const EVIDENCE: Record<ScoreAspect, Evidence> = {
  written_fluency: (s, c) => ({
    text: `${count(s.learnerWords, 'word')} in ${count(s.learnerTurns, 'turn')} (${f1(s.medianWordsPerTurn)} per turn, sentences of ${f1(s.meanSentenceLength)} words) with ${f1(s.errorsPer100Words)} errors per 100 words`,
    quotes: issueQuotes(c.turns, ['word-choice', 'style', 'grammar'], 1),
  }),
  vocabulary: (s, c) => {
    const rare = advancedWords(c.turns)
    const slips = issueQuotes(c.turns, ['word-choice', 'spelling'], 2)
    return {
      text: `${pct(s.atLeastB1WordShare)} of words at B1 or above, lexical diversity (MTLD) ${f1(s.lexicalDiversityMtld)}, and ${f1(s.wordChoiceErrorsPer100Words + s.spellingErrorsPer100Words)} word-choice or spelling errors per 100 words`,
      quotes: [...rare.slice(0, slips.length > 0 ? 2 : 3), ...slips],
    }
  },
  grammar: (s, c) => ({
    text: `${f1(s.grammarErrorsPer100Words)} grammar and ${f1(s.wordChoiceErrorsPer100Words)} word-choice errors per 100 words (${count(s.learnerWords, 'word')})`,
    quotes: issueQuotes(c.turns, ['grammar', 'word-choice'], 2),
  }),
  comprehension: (s, c) => ({
    text:
      s.replyPairs === 0
        ? 'no reply to a tutor turn yet, so there is no evidence either way'
        : s.questionsAsked > 0
          ? `${Math.round(s.answeredQuestionShare * s.questionsAsked)} of ${count(s.questionsAsked, 'tutor question')} answered, ${pct(s.clarificationShare)} of replies asking to clarify, and replies ${relevanceWords(s)}`
          : `replies ${relevanceWords(s)} (the tutor asked no question), ${pct(s.clarificationShare)} asking to clarify`,
    quotes: replyQuotes(c.pairs),
  }),
  coherence: (s, c) => ({
    text: `${pct(s.complexSentenceShare)} of sentences with a subordinate clause and ${f1(s.connectivesPerSentence)} linking words per sentence`,
    quotes: linkingWords(c.turns),
  }),
  digital_etiquette: (s, c) => ({
    text: `${pct(s.capitalisedSentenceShare)} of sentences starting with a capital, ${pct(s.terminalPunctuationShare)} ending with punctuation, ${f1(s.spellingErrorsPer100Words + s.punctuationErrorsPer100Words)} spelling or punctuation errors per 100 words, ${pct(s.shoutingShare)} of long words in capitals`,
    quotes: [...etiquetteSlips(c.turns), ...issueQuotes(c.turns, ['punctuation', 'spelling'], 1)],
  }),
  responsiveness: (s, c) => ({
    text:
      s.replyPairs === 0
        ? 'no reply to a tutor turn yet, so there is no evidence either way'
        : `${count(s.replyPairs, 'reply', 'replies')} ${relevanceWords(s)}${s.questionsAsked > 0 ? `, and ${pct(s.answeredQuestionShare)} of the tutor's questions answered` : ''}`,
    quotes: replyQuotes(c.pairs),
  }),
  clarity: (s, c) => ({
    text: `sentences of ${f1(s.meanSentenceLength)} words, ${pct(s.complexSentenceShare)} with a subordinate clause, and ${f1(s.errorsPer100Words)} errors per 100 words`,
    quotes: [...longestSentence(c.turns), ...issueQuotes(c.turns, ['grammar'], 1)],
  }),
  overall_communication: () => ({ text: 'the mean of the other eight measured scores', quotes: [] }),
}

function relevanceWords(s: Signals): string {
  if (s.responsivenessFromEmbeddings === 1 && s.replyPairs >= 2)
    return `closer to their own tutor turn than to the others by ${s.responsivenessContrast.toFixed(2)} (embedding cosine)`
  return `sharing ${pct(s.lexicalOverlap)} of content words with the tutor turn before them`
}
