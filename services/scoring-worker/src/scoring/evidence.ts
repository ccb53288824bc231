import { CONNECTIVES, SUBORDINATORS } from './complexity.js'
import type { TurnFindings } from './level-evidence.js'
import type { ReplyPair } from './responsiveness.js'
import { answersQuestion, asksQuestion, isClarificationRequest } from './responsiveness.js'
import { isLikelyProperNoun, normalise, sentences, words } from './text-stats.js'
import { wordLevelBin } from './word-levels.js'

/** Quotes of the learner's own words behind a justification; every `quote` is an exact substring of a turn. */
export type Quote = { quote: string; note?: string }

const MAX_QUOTE_WORDS = 10

/** The words of an issue, or for an insertion (nothing to quote) the words either side of where it goes. */
function issueQuote(text: string, issue: TurnFindings['issues'][number]): string {
  if (issue.original.trim() !== '') return issue.original
  const before = text.slice(0, issue.start).match(/\S+\s*$/u)?.[0] ?? ''
  const after = text.slice(issue.end).match(/^\s*\S+/u)?.[0] ?? ''
  return `${before}${after}`.trim()
}

/** Up to `n` issues of the given categories, as “original” with the first suggestion. */
export function issueQuotes(turns: TurnFindings[], categories: string[], n = 2): Quote[] {
  const out: Quote[] = []
  for (const turn of turns) {
    for (const issue of turn.issues) {
      if (!categories.includes(issue.category) || out.length >= n) continue
      const quote = issueQuote(turn.text, issue)
      if (quote === '' || out.some((q) => q.quote === quote)) continue
      const suggestion = issue.suggestions[0]
      out.push({ quote, note: suggestion === undefined ? undefined : suggestionNote(issue.original, suggestion) })
    }
  }
  return out
}

function suggestionNote(original: string, suggestion: string): string {
  if (original.trim() === '') return `add “${suggestion.trim()}”`
  if (suggestion.trim() === '') return 'remove it'
  return `→ “${suggestion.trim()}”`
}

/**
 * The learner's least frequent words (beyond the 2,000 most common), rarest first. A flagged word is not one: "buyed"
 * is off every list because it is wrong, so nothing any issue covers counts (it was quoted as rare vocabulary).
 */
export function advancedWords(turns: TurnFindings[], n = 3): Quote[] {
  const found = new Map<string, number>()
  for (const turn of turns) {
    const flagged = new Set(turn.issues.flatMap((i) => words(i.original).map(normalise)))
    for (const sentence of sentences(turn.text)) {
      words(sentence).forEach((word, i) => {
        if (isLikelyProperNoun(word, i) || flagged.has(normalise(word)) || word.length < 4) return
        const bin = wordLevelBin(word)
        const rarity = bin.startsWith('off') ? 10 + word.length : Number(bin.slice(5))
        if (bin.startsWith('off') || rarity > 2000) found.set(word, rarity)
      })
    }
  }
  return [...found.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([quote]) => ({ quote }))
}

/** Linking words and clause openers the learner used, in order of first use. */
export function linkingWords(turns: TurnFindings[], n = 4): Quote[] {
  const seen = new Set<string>()
  for (const turn of turns) {
    for (const word of words(turn.text)) {
      const w = normalise(word)
      if ((CONNECTIVES.has(w) || SUBORDINATORS.has(w)) && ![...seen].some((s) => normalise(s) === w)) seen.add(word)
    }
  }
  return [...seen].slice(0, n).map((quote) => ({ quote }))
}

/** Chat-convention slips: a lower-case "i", words in capitals, "!!!" runs. */
export function etiquetteSlips(turns: TurnFindings[], n = 2): Quote[] {
  const out: Quote[] = []
  for (const turn of turns) {
    const lowerI = turn.text.match(/(?:^|\s)(i(?:['’]m|['’]ve|['’]ll|['’]d)?)(?=\s|$|[.,!?])/u)?.[1]
    if (lowerI) out.push({ quote: lowerI, note: 'write “I”' })
    const shout = words(turn.text).find((w) => w.length >= 4 && w === w.toUpperCase() && w !== w.toLowerCase())
    if (shout) out.push({ quote: shout, note: 'capitals read as shouting' })
    const run = turn.text.match(/[!?]{2,}/u)?.[0]
    if (run) out.push({ quote: run, note: 'one mark is enough' })
  }
  return dedupe(out).slice(0, n)
}

/** The first words of the learner's longest sentence, when it runs past 25 words. */
export function longestSentence(turns: TurnFindings[]): Quote[] {
  let best = ''
  for (const turn of turns) for (const s of sentences(turn.text)) if (words(s).length > words(best).length) best = s
  return words(best).length > 25 ? [{ quote: firstWords(best), note: `${words(best).length} words` }] : []
}

/** One reply showing the learner (not) following the tutor: an unanswered question or a request to repeat first. */
export function replyQuotes(pairs: ReplyPair[]): Quote[] {
  const clarification = pairs.find((p) => isClarificationRequest(p.learner))
  if (clarification) return [{ quote: firstWords(clarification.learner), note: 'asked the tutor to clarify' }]
  const unanswered = pairs.find((p) => asksQuestion(p.tutor) && !answersQuestion(p.tutor, p.learner))
  if (unanswered) return [{ quote: firstWords(unanswered.learner), note: 'did not answer the question' }]
  const answered = pairs.find((p) => asksQuestion(p.tutor))
  return answered ? [{ quote: firstWords(answered.learner), note: 'answered the question' }] : []
}

/** The first MAX_QUOTE_WORDS words of a text, as an exact substring. */
function firstWords(text: string): string {
  const trimmed = text.trim()
  const ends = [...trimmed.matchAll(/\p{L}+(?:['’]\p{L}+)*|\S/gu)].map((m) => m.index + m[0].length)
  return ends.length <= MAX_QUOTE_WORDS ? trimmed : trimmed.slice(0, ends[MAX_QUOTE_WORDS - 1])
}

function dedupe(quotes: Quote[]): Quote[] {
  return quotes.filter((q, i) => quotes.findIndex((o) => o.quote === q.quote) === i)
}
