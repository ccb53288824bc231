import type { ScoreAspect } from '@parley/core'
import type { Signals } from './signals.js'

const f1 = (n: number) => n.toFixed(1)
const pct = (n: number) => `${Math.round(n * 100)}%`

/** One sentence per aspect naming the measured evidence, and the rubric score when the LLM gave one. */
export function justify(aspect: ScoreAspect, s: Signals, measured: number, rubric: number | undefined): string {
  const judged = rubric === undefined ? '' : `; the rubric judgement was ${rubric}/100`
  const evidence: Record<ScoreAspect, string> = {
    written_fluency: `${s.learnerWords} words in ${s.sentences} sentences averaging ${f1(s.meanSentenceLength)} words, with ${f1(s.errorsPer100Words)} errors per 100 words`,
    vocabulary: `lexical diversity (MTLD) of ${f1(s.lexicalDiversityMtld)} and ${pct(s.advancedWordShare)} of words beyond the 2,000 most frequent`,
    grammar: `${f1(s.grammarErrorsPer100Words)} grammar and ${f1(s.wordChoiceErrorsPer100Words)} word-choice errors per 100 words`,
    comprehension: `${pct(s.answeredQuestionShare)} of the tutor's questions got a real answer, with replies ${s.responsivenessFromEmbeddings ? 'semantically' : 'lexically'} close to the tutor (similarity ${s.responsivenessSimilarity.toFixed(2)})`,
    coherence: `${pct(s.complexSentenceShare)} of sentences have a subordinate clause and there are ${f1(s.connectivesPerSentence)} linking words per sentence`,
    digital_etiquette: `${pct(s.capitalisedSentenceShare)} of sentences start with a capital and ${pct(s.terminalPunctuationShare)} end with punctuation, with ${pct(s.shoutingShare)} of long words in capitals`,
    responsiveness:
      s.replyPairs === 0
        ? 'no learner reply follows a tutor turn, so there is no evidence either way'
        : `replies have a mean ${s.responsivenessFromEmbeddings ? 'embedding' : 'word-overlap'} similarity of ${s.responsivenessSimilarity.toFixed(2)} to the tutor turn before them`,
    clarity: `${f1(s.errorsPer100Words)} errors per 100 words, sentences of ${f1(s.meanSentenceLength)} words on average and ${pct(s.terminalPunctuationShare)} properly closed`,
    overall_communication: 'the mean of the other eight measured scores',
  }
  return `Measured ${Math.round(measured)}/100 from ${evidence[aspect]}${judged}.`
}
