// Learns the rules layer's table of edits from human corrections (train M2 only): a short phrase (0–2 words) in a
// context of one word on either side, and what annotators changed it to. Every such context seen in a gold edit is
// a candidate; each candidate is counted wherever it occurs in the train text, edited or not, and kept when the
// annotators made that very edit there often enough (Wilson lower bound of agree / occurrences). Held-out folds
// of train estimate how precise the kept table is on text it was not learned from.

import {
  contextOf,
  editKeys,
  findLearnedEdits,
  type Inflection,
  inflect,
  inflectionName,
  inflectionOf,
  type LearnedEdit,
  MAX_WORDS,
  type Token,
  tokenise,
} from '../../services/scoring-worker/src/rules/learned-edits.js'
import type { IssueReason } from '../../services/scoring-worker/src/rules/lint-kinds.js'
import { straightenQuotes } from '../../services/scoring-worker/src/rules/normalise.js'
import { rankOf } from '../../services/scoring-worker/src/scoring/frequency-bands.js'
import { insertionFlag, sameCorrection, touches } from './correction-metrics.js'
import type { GoldSentence } from './gold.js'

/** The explanation a NUCLE (CoNLL) or ERRANT (CWEB) error type gets. */
export function reasonOfType(type: string): IssueReason {
  const t = type.toUpperCase()
  if (/ARTORDET|DET/.test(t)) return 'article'
  if (/PREP/.test(t)) return 'preposition'
  if (/^NN$|NOUN:NUM/.test(t)) return 'plural'
  if (/SVA/.test(t)) return 'agreement'
  if (/^VT$|TENSE/.test(t)) return 'tense'
  if (/VFORM|VERB:FORM|VERB:INFL/.test(t)) return 'verb-form'
  if (/SPELL|ORTH/.test(t)) return 'spelling'
  if (/PUNCT/.test(t)) return 'punctuation'
  return 'word-choice'
}

/** `words`: set for an inflection (`@Tag~from>to`), whose `to` is `~from>to`. */
/** Tokens (and their tags) of each train text, computed once: tagging is the slow part of fitting. */
const tokenCache = new Map<string, Token[]>()
function tokensOf(text: string): Token[] {
  let tokens = tokenCache.get(text)
  if (!tokens) {
    tokens = tokenise(text)
    tokenCache.set(text, tokens)
  }
  return tokens
}

type Span = { i: number; n: number; to: string; reason: IssueReason; words?: string }

/** Gold edits that fall on token boundaries and cover at most MAX_WORDS tokens, as token spans. */
function goldSpans(text: string, tokens: Token[], s: GoldSentence): Span[] {
  const byStart = new Map(tokens.map((t, i) => [t.start, i]))
  const byEnd = new Map(tokens.map((t, i) => [t.end, i + 1]))
  const out = new Map<string, Span>()
  for (const edits of s.annotators) {
    for (const e of edits) {
      const reason = reasonOfType(e.type ?? '')
      let i: number | undefined
      let j: number | undefined
      if (e.start === e.end) {
        const at = e.start + (/^\s*/.exec(text.slice(e.start))?.[0].length ?? 0)
        i = at >= text.length ? tokens.length : byStart.get(at)
        j = i
      } else {
        i = byStart.get(e.start)
        j = byEnd.get(e.end)
      }
      if (i === undefined || j === undefined || j < i || j - i > MAX_WORDS) continue
      let to = e.correction
      // Learned relative to the case of the words: a capital at the start of the phrase is put back when applied.
      if (j > i && /^\p{Lu}/u.test(tokens[i]!.text) && /^\p{Lu}/u.test(to) && !/^\p{Lu}{2}/u.test(to))
        to = to.charAt(0).toLowerCase() + to.slice(1)
      out.set(`${i}:${j}:${to}`, { i, n: j - i, to, reason })
      // A one-word change of ending is also learned for the word's class.
      const f = j === i + 1 ? inflectionOf(tokens[i]!.lower, to) : undefined
      if (f) {
        const name = inflectionName(f)
        out.set(`${i}:@${name}`, { i, n: 1, to: `~${name}`, reason, words: `@${tokens[i]!.tag}~${name}` })
      }
    }
  }
  return [...out.values()]
}

type Counts = {
  occ: number
  /** Occurrences where a human edit touches the words, whatever it changed them to (how the benchmark scores a span). */
  touched: number
  agree: Map<string, number>
  docs: Map<string, Set<string>>
  reason: Map<string, IssueReason>
}

/** z = 1.64: the one-sided 95 % lower bound of a proportion. */
export function wilsonLower(hits: number, n: number, z = 1.64): number {
  if (n === 0) return 0
  const p = hits / n
  const d = 1 + (z * z) / n
  return (p + (z * z) / (2 * n) - z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d
}

/**
 * minDocs: the edit must have been made in that many documents (essays), so that one essay's topic words do not count.
 * `by`: what the lower bound is taken of: how often annotators made this very edit (`same`), or made any edit that
 * touches the words (`touched`, the span precision the benchmark measures; the suggestion is still the most made one).
 */
export type EditFitOptions = { minAgree: number; minLower: number; minDocs: number; by?: 'same' | 'touched' }

export function learnEdits(sentences: GoldSentence[], opts: EditFitOptions): LearnedEdit[] {
  return selectEdits(countCandidates(sentences), opts)
}

/** Every candidate edit of the train sentences, counted wherever its words occur (the slow part of a fit). */
export type CandidateCounts = Map<string, Counts>

export function countCandidates(sentences: GoldSentence[]): CandidateCounts {
  const prepared = sentences.map((s) => {
    const text = straightenQuotes(s.text)
    const tokens = tokensOf(text)
    return { doc: s.doc, text, tokens, gold: goldSpans(text, tokens, s), edits: s.annotators.flat() }
  })
  const counts = new Map<string, Counts>()
  const inflections = new Map<string, Inflection[]>()
  const phrase = (tokens: Token[], i: number, n: number) =>
    tokens
      .slice(i, i + n)
      .map((t) => t.lower)
      .join(' ')
  for (const { tokens, gold } of prepared) {
    for (const g of gold) {
      for (const key of editKeys(g.words ?? phrase(tokens, g.i, g.n), contextOf(tokens, g.i, g.i + g.n)))
        if (!counts.has(key))
          counts.set(key, { occ: 0, touched: 0, agree: new Map(), docs: new Map(), reason: new Map() })
      if (g.words) {
        const [tag, name] = g.words.slice(1).split('~') as [string, string]
        const [from, to] = name.split('>') as [string, string]
        const list = inflections.get(tag) ?? []
        if (!list.some((f) => f.from === from && f.to === to)) inflections.set(tag, [...list, { from, to }])
      }
    }
  }
  const count = (doc: string, keys: string[], here: Span[], touched: () => boolean) => {
    let hit: boolean | undefined
    for (const key of keys) {
      const c = counts.get(key)
      if (!c) continue
      c.occ++
      hit ??= touched()
      if (hit) c.touched++
      for (const to of new Set(here.map((g) => g.to))) {
        c.agree.set(to, (c.agree.get(to) ?? 0) + 1)
        c.docs.set(to, (c.docs.get(to) ?? new Set()).add(doc))
      }
      for (const g of here) c.reason.set(g.to, g.reason)
    }
  }
  for (const { doc, text, tokens, gold, edits } of prepared) {
    const touchedBy = (i: number, n: number) => () => {
      const at = tokens[i]?.start ?? text.length
      const flag = n === 0 ? { start: at, end: at } : { start: at, end: tokens[i + n - 1]!.end }
      return edits.some((g) => touches(text, flag, g))
    }
    for (let i = 0; i <= tokens.length; i++) {
      for (let n = 0; n <= MAX_WORDS && i + n <= tokens.length; n++) {
        const here = gold.filter((g) => g.i === i && g.n === n && !g.words)
        count(doc, editKeys(phrase(tokens, i, n), contextOf(tokens, i, i + n)), here, touchedBy(i, n))
      }
      const token = tokens[i]
      for (const f of (token && inflections.get(token.tag)) ?? []) {
        if (inflect(token!.lower, f) === undefined) continue
        const words = `@${token!.tag}~${inflectionName(f)}`
        const here = gold.filter((g) => g.i === i && g.words === words)
        count(doc, editKeys(words, contextOf(tokens, i, i + 1)), here, touchedBy(i, 1))
      }
    }
  }
  return counts
}

/** The candidates kept under `opts` (cheap: a fit can try several thresholds on one count). */
export function selectEdits(counts: CandidateCounts, opts: EditFitOptions): LearnedEdit[] {
  const kept: LearnedEdit[] = []
  for (const [key, c] of counts) {
    const best = [...c.agree.entries()].sort((a, b) => b[1] - a[1])[0]
    const bound = opts.by === 'touched' ? c.touched : (best?.[1] ?? 0)
    if (!best || best[1] < opts.minAgree || wilsonLower(bound, c.occ) < opts.minLower) continue
    if ((c.docs.get(best[0])?.size ?? 0) < opts.minDocs) continue
    const [before, words, after] = key.split('|') as [string, string, string]
    if (!isGeneral(before, words, after, best[0])) continue
    kept.push({ before, words, after, to: best[0], reason: c.reason.get(best[0]) ?? 'word-choice' })
  }
  return withoutRedundant(kept).sort((a, b) =>
    (a.words + a.before + a.after).localeCompare(b.words + b.before + b.after),
  )
}

/**
 * Drops an entry that a kept, more general one ("life [expectancies] *" for "life [expectancies] ,") would find
 * with the same correction, when every entry for those words gives that correction: the lookup gives the same
 * result without it.
 */
function withoutRedundant(kept: LearnedEdit[]): LearnedEdit[] {
  const byWords = new Map<string, LearnedEdit[]>()
  for (const e of kept) byWords.set(e.words, [...(byWords.get(e.words) ?? []), e])
  return kept.filter((e) => {
    const same = byWords.get(e.words) ?? []
    if (same.some((o) => o.to !== e.to)) return true
    const covers = (o: LearnedEdit) => o !== e && [e.before, '*'].includes(o.before) && [e.after, '*'].includes(o.after)
    return !same.some(covers)
  })
}

const MARKERS = new Set(['*', '^', '$', ',', '.', ';', ':', '!', '?'])

/**
 * Kept only when it can hold beyond the texts it was learned from: the context words are common words (the 5,000
 * most frequent: "such [] situation", not "[] petitioner", one web page's topic), and the correction is words or a
 * single , . ; : ! ? (tokenised hyphens and quotes, "non - profit", do not survive typing).
 */
function isGeneral(before: string, words: string, after: string, to: string): boolean {
  const common = (w: string) => MARKERS.has(w) || w.startsWith('#') || rankOf(w) !== undefined
  if (words.startsWith('@')) return common(before) && common(after)
  // The same words: a change of case at a sentence start ("And" → "and"), which the table cannot express.
  if (to === words || !common(before) || !common(after)) return false
  // Removing two words is rarely the whole fix ("50 per cent" → "50%" deletes "per cent" beside another edit).
  if (to === '' && words.includes(' ')) return false
  const wordsOnly = /^[\p{L}\p{N}' ]*$/u
  return (wordsOnly.test(to) || /^[,.;:!?]$/.test(to)) && (wordsOnly.test(words) || /^[,.;:!?]$/.test(words))
}

export const tableOf = (edits: LearnedEdit[]) => new Map(edits.map((e) => [`${e.before}|${e.words}|${e.after}`, e]))

/** One learned-edit finding on a held-out sentence: whether it touched a human edit and gave its correction. */
export type HeldOutFlag = { hit: boolean; same: boolean }

/**
 * K-fold findings of the learned edits under each of several options, per held-out sentence (keyed by `keyOf`):
 * the candidates are counted once per fold and kept under each option, so a fit can weigh thresholds against
 * what the rest of the layer already flags in the same sentences.
 */
export function heldOutFindings(
  sentences: GoldSentence[],
  foldOf: (s: GoldSentence) => number,
  k: number,
  options: EditFitOptions[],
  keyOf: (s: GoldSentence) => string,
): Map<string, HeldOutFlag[]>[] {
  const out = options.map(() => new Map<string, HeldOutFlag[]>())
  for (let f = 0; f < k; f++) {
    const counts = countCandidates(sentences.filter((s) => foldOf(s) !== f))
    const heldOut = sentences.filter((s) => foldOf(s) === f)
    for (const [i, opts] of options.entries()) {
      const table = tableOf(selectEdits(counts, opts))
      for (const s of heldOut) {
        const gold = s.annotators.flat()
        const text = straightenQuotes(s.text)
        const flags = findLearnedEdits(text, table, tokensOf(text)).map((h) => {
          const flag =
            h.change.kind === 'insert'
              ? insertionFlag(s.text, h.change.at, h.change.text)
              : { start: h.start, end: h.end, suggestion: h.suggestion }
          const hit = gold.some((g) => touches(s.text, flag, g))
          return { hit, same: hit && gold.some((g) => touches(s.text, flag, g) && sameCorrection(s.text, flag, g)) }
        })
        if (flags.length > 0) out[i]!.set(keyOf(s), flags)
      }
    }
  }
  return out
}
