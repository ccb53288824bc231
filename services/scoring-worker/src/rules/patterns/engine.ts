import type { IssueChange } from '@parley/core'
import nlp from 'compromise'
import type { PatternFix, PatternRule } from './types.js'

/** One place a pattern rule fired, on JS string offsets of the text it was given. */
export type PatternHit = {
  rule: PatternRule
  start: number
  end: number
  suggestion: string
  change: IssueChange
}

type Term = { text: string; tags?: string[]; offset: { start: number; length: number } }

// compromise's own inflection tables (the same ones its verbs()/nouns() methods use), called on single words.
const world = (nlp as unknown as { world(): { methods: { two: { transform: Transforms } }; model: unknown } }).world()
type Transforms = {
  verb: { toInfinitive(w: string, m: unknown): string; conjugate(w: string, m: unknown): Record<string, string> }
  noun: { toPlural(w: string, m: unknown): string; toSingular(w: string, m: unknown): string }
}
const { verb, noun } = world.methods.two.transform

const INFLECT: Record<string, (word: string) => string> = {
  past: (w) => verbForms(w).PastTense ?? w,
  participle: (w) => verbForms(w).Participle ?? verbForms(w).PastTense ?? w,
  third: (w) => verbForms(w).PresentTense ?? w,
  base: (w) => infinitive(w),
  /** The verb form for a plural subject: is → are, was → were, has → have, wants → want. */
  plural_verb: (w) => ({ is: 'are', was: 'were', has: 'have' })[w.toLowerCase()] ?? infinitive(w),
  plural: (w) => noun.toPlural(w, world.model),
  singular: (w) => noun.toSingular(w, world.model),
}

function verbForms(word: string): Record<string, string> {
  const lower = word.toLowerCase()
  if (['am', 'is', 'are', 'be'].includes(lower))
    return { PastTense: lower === 'are' ? 'were' : 'was', Participle: 'been' }
  return verb.conjugate(infinitive(lower), world.model)
}

/** The infinitive; when compromise's word tables do not know the form ("seen"), it is read from a little sentence. */
function infinitive(word: string): string {
  const parsed = nlp(`they have ${word}`).verbs().json()[0] as { verb?: { infinitive?: string } } | undefined
  const viaSentence = parsed?.verb?.infinitive
  if (viaSentence && viaSentence !== word) {
    const forms = verb.conjugate(viaSentence, world.model)
    if (forms.Participle === word || forms.PastTense === word) return viaSentence
  }
  return verb.toInfinitive(word, world.model)
}

type Compiled = { rule: PatternRule; match: unknown; needs: string[] | undefined }
const compiled = new WeakMap<PatternRule, Compiled>()

/**
 * The rule's match parsed once, and the words one of which must be in the text for it to fire at all (from its
 * first literal term, e.g. `(explain|describe)`): most rules are skipped without running compromise's matcher.
 */
function compile(rule: PatternRule): Compiled {
  let c = compiled.get(rule)
  if (!c) {
    const literal = rule.match
      .replace(/[[\]^$]/g, ' ')
      .split(/\s+/)
      .find((token) => /^\(?[a-z'|]+\)?$/.test(token))
    c = { rule, match: nlp.parseMatch(rule.match), needs: literal?.replace(/[()]/g, '').split('|') }
    compiled.set(rule, c)
  }
  return c
}

/** Every hit of `rules` in `text`, in rule order (overlaps are resolved by the caller). */
export function findPatterns(text: string, rules: PatternRule[]): PatternHit[] {
  const words = new Set(text.toLowerCase().match(/[\p{L}']+/gu) ?? [])
  const candidates = rules.map(compile).filter((c) => !c.needs || c.needs.some((w) => words.has(w)))
  if (candidates.length === 0) return []
  const doc = nlp(text)
  const hits: PatternHit[] = []
  type View = ReturnType<typeof doc.match>
  const asJson = (view: View) =>
    view.json({ offset: true, terms: { offset: true, tags: true } }) as { terms: Term[]; offset: { start: number } }[]
  const allTerms = asJson(doc).flatMap((sentence) => sentence.terms)
  // The next word, unless punctuation ends the phrase first ("three apple. It" has no next word for "apple").
  const termAfter = (at: number) => {
    const next = allTerms.find((t) => t.offset.start >= at)
    return next && !/[,;:.!?]/.test(text.slice(at, next.offset.start)) ? next : undefined
  }
  for (const { rule, match } of candidates) {
    const groups = asJson(doc.match(match as string, 0))
    // "unlessBefore" looks before the whole match, the "next" checks after the group.
    const matches = groups.length > 0 ? asJson(doc.match(match as string)) : []
    for (const [i, { terms }] of groups.entries()) {
      if (terms.length === 0) continue
      const start = terms[0]!.offset.start
      const last = terms.at(-1)!
      const end = last.offset.start + last.offset.length
      const matchStart = matches.length === groups.length ? Math.min(matches[i]!.offset.start, start) : start
      if (!contextAllows(rule, wordBefore(text, matchStart), wordAfter(text, end))) continue
      if (!wordsAllow(rule, terms, termAfter(end))) continue
      // compromise skips punctuation and joins hyphenated words; "someone, like" and "two-week" are not hits.
      if (/[,;:.!?]/.test(text.slice(matchStart, start)) || text[start - 1] === '-' || text[end] === '-') continue
      const hit = applyFix(text, rule.fix, terms, start, end)
      if (hit && hit.suggestion !== text.slice(hit.start, hit.end)) hits.push({ rule, ...hit })
    }
  }
  return hits
}

function contextAllows(rule: PatternRule, before: string, after: string): boolean {
  if (rule.unlessBefore?.includes(before)) return false
  if (rule.onlyIfNext && !rule.onlyIfNext.includes(after)) return false
  if (rule.unlessNext?.includes(after)) return false
  return true
}

function wordsAllow(rule: PatternRule, terms: Term[], next: Term | undefined): boolean {
  const hasTag = (t: Term | undefined, tags: string[] | undefined) =>
    !!t && !!tags?.some((tag) => t.tags?.includes(tag))
  if (terms.some((t) => hasTag(t, rule.unlessTags))) return false
  if (hasTag(next, rule.unlessNextTags)) return false
  if (rule.wordsMatch && !terms.every((t) => new RegExp(rule.wordsMatch!, 'i').test(t.text))) return false
  return true
}

/** The word just before `at`, lower-cased ('' at the start of the text or after sentence punctuation). */
function wordBefore(text: string, at: number): string {
  return /([\p{L}']+)\s*$/u.exec(text.slice(0, at))?.[1]?.toLowerCase() ?? ''
}

/** The word just after `at`, lower-cased ('' at the end of the text or before punctuation). */
function wordAfter(text: string, at: number): string {
  return /^\s*([\p{L}']+)/u.exec(text.slice(at))?.[1]?.toLowerCase() ?? ''
}

function applyFix(
  text: string,
  fix: PatternFix,
  terms: Term[],
  start: number,
  end: number,
): Omit<PatternHit, 'rule'> | undefined {
  const words = terms.map((t) => text.slice(t.offset.start, t.offset.start + t.offset.length))
  if ('delete' in fix) {
    // Take one neighbouring space with the words, so that removing the span leaves single spaces.
    if (text[end] === ' ') return { start, end: end + 1, suggestion: '', change: { kind: 'delete' } }
    if (text[start - 1] === ' ') return { start: start - 1, end, suggestion: '', change: { kind: 'delete' } }
    return { start, end, suggestion: '', change: { kind: 'delete' } }
  }
  if ('insertBefore' in fix) {
    const first = terms[0]!
    const wordEnd = first.offset.start + first.offset.length
    return {
      start,
      end: wordEnd,
      suggestion: `${fix.insertBefore} ${words[0]}`,
      change: { kind: 'insert', at: start, text: `${fix.insertBefore} ` },
    }
  }
  if ('insertAfter' in fix) {
    const lastStart = terms.at(-1)!.offset.start
    return {
      start: lastStart,
      end,
      suggestion: `${words.at(-1)} ${fix.insertAfter}`,
      change: { kind: 'insert', at: end, text: ` ${fix.insertAfter}` },
    }
  }
  const suggestion = fillTemplate(fix.to, words)
  if (suggestion === undefined) return undefined
  return { start, end, suggestion: matchCase(suggestion, words[0]!), change: { kind: 'replace' } }
}

/** `$2`, `$2-` and `$1:past` filled from the captured words; undefined when a word is missing. */
export function fillTemplate(template: string, words: string[]): string | undefined {
  let missing = false
  const out = template.replace(
    /\$(\d)(-)?(?::(\w+))?/g,
    (_, n: string, rest: string | undefined, form: string | undefined) => {
      const i = Number(n) - 1
      if (i >= words.length) {
        missing = true
        return ''
      }
      if (rest) return words.slice(i).join(' ')
      const word = words[i]!
      const inflect = form ? INFLECT[form] : undefined
      if (form && !inflect) throw new Error(`unknown inflection :${form}`)
      return inflect ? inflect(word) : word
    },
  )
  return missing ? undefined : out
}

function matchCase(suggestion: string, firstWord: string): string {
  const capital = /^\p{Lu}/u.test(firstWord) && firstWord !== 'I'
  return capital ? suggestion.charAt(0).toUpperCase() + suggestion.slice(1) : suggestion
}
