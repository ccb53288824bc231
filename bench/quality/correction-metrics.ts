// Scores flagged spans against gold edits: sentence detection, false alarms, span precision, suggestion accuracy.
import { type GoldEdit, type GoldSentence, needsEdit } from './gold.js'

/** One span a checker raised; an insertion has start === end. */
export type Flag = { start: number; end: number; suggestion?: string }

/**
 * The flag for an insertion of `inserted` at `at`: it covers the neighbouring space so that it meets a gold
 * insertion at the next token's start, and its suggestion fills that space.
 */
export function insertionFlag(text: string, at: number, inserted: string): Flag {
  if (inserted.startsWith(' ') && text[at] === ' ') return { start: at, end: at + 1, suggestion: `${inserted} ` }
  if (inserted.endsWith(' ') && text[at - 1] === ' ') return { start: at - 1, end: at, suggestion: ` ${inserted}` }
  return { start: at, end: at, suggestion: inserted }
}

/** The flag for a rules-layer finding (an insertion is placed where it goes, not on its anchor word). */
export function findingFlag(
  text: string,
  f: { start: number; end: number; suggestions: string[]; change?: { kind: string; at?: number; text?: string } },
): Flag {
  if (f.change?.kind === 'insert' && f.change.at !== undefined && f.change.text !== undefined)
    return insertionFlag(text, f.change.at, f.change.text)
  return { start: f.start, end: f.end, suggestion: f.suggestions[0] }
}

export type CorrectionTally = {
  sentences: number
  needEdit: number
  /** Sentences that need an edit and got at least one flag. */
  detected: number
  /** Sentences that need an edit and got at least one flag on a gold edit. */
  detectedOnTarget: number
  /** Sentences with at least one flag that touches no gold edit of any annotator. */
  falseAlarmSentences: number
  cleanSentences: number
  /** Sentences that need no edit but got a flag. */
  flaggedClean: number
  spans: number
  /** Flags overlapping a gold edit (an insertion point counts when it touches the flag). */
  spanHits: number
  /** Flags whose first suggestion gives the same text as a gold edit there. */
  suggestionHits: number
}

export const emptyTally = (): CorrectionTally => ({
  sentences: 0,
  needEdit: 0,
  detected: 0,
  detectedOnTarget: 0,
  falseAlarmSentences: 0,
  cleanSentences: 0,
  flaggedClean: 0,
  spans: 0,
  spanHits: 0,
  suggestionHits: 0,
})

/** The first offset at or after `at` that is not whitespace: where an insertion point lands once spaces are ignored. */
const pastSpaces = (text: string, at: number) => at + (/^\s*/.exec(text.slice(at))?.[0].length ?? 0)

export function touches(text: string, flag: Flag, gold: GoldEdit): boolean {
  // Two insertions at the same gap between words: the gold one sits at the next token ("However| I"), a typed one
  // often before the space ("However|, I"); both are the same place.
  if (gold.start === gold.end && flag.start === flag.end)
    return pastSpaces(text, flag.start) === pastSpaces(text, gold.start)
  if (gold.start === gold.end) return flag.start <= gold.start && gold.start <= flag.end
  if (flag.start === flag.end) return gold.start <= flag.start && flag.start <= gold.end
  return flag.start < gold.end && gold.start < flag.end
}

/** Whether applying the flag's first suggestion gives the same local text as applying the gold edit. */
export function sameCorrection(text: string, flag: Flag, gold: GoldEdit): boolean {
  if (flag.suggestion === undefined) return false
  const from = Math.min(flag.start, gold.start)
  const to = Math.max(flag.end, gold.end)
  const ours = text.slice(from, flag.start) + flag.suggestion + text.slice(flag.end, to)
  const theirs = text.slice(from, gold.start) + gold.correction + text.slice(gold.end, to)
  // Spacing differs between tokenised gold and typed text; the words must be the same.
  const squash = (s: string) => s.replace(/\s+/g, '')
  return squash(ours) === squash(theirs)
}

export function addSentence(tally: CorrectionTally, gold: GoldSentence, flags: Flag[]): void {
  tally.sentences++
  const edits = gold.annotators.flat()
  const hits = flags.map((f) => edits.some((g) => touches(gold.text, f, g)))
  if (needsEdit(gold)) {
    tally.needEdit++
    if (flags.length > 0) tally.detected++
    if (hits.some(Boolean)) tally.detectedOnTarget++
  } else {
    tally.cleanSentences++
    if (flags.length > 0) tally.flaggedClean++
  }
  if (hits.some((h) => !h)) tally.falseAlarmSentences++
  tally.spans += flags.length
  tally.spanHits += hits.filter(Boolean).length
  tally.suggestionHits += flags.filter((f) =>
    edits.some((g) => touches(gold.text, f, g) && sameCorrection(gold.text, f, g)),
  ).length
}

export type CorrectionRates = {
  detection: number
  detectionOnTarget: number
  falseAlarms: number
  flaggedClean: number
  spanPrecision: number
  firstSuggestion: number
}

export function rates(t: CorrectionTally): CorrectionRates {
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b)
  return {
    detection: ratio(t.detected, t.needEdit),
    detectionOnTarget: ratio(t.detectedOnTarget, t.needEdit),
    falseAlarms: ratio(t.falseAlarmSentences, t.sentences),
    flaggedClean: ratio(t.flaggedClean, t.cleanSentences),
    spanPrecision: ratio(t.spanHits, t.spans),
    firstSuggestion: ratio(t.suggestionHits, t.spans),
  }
}
