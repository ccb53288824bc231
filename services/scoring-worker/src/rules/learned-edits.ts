import type { IssueCategory, IssueChange } from '@parley/core'
import type { IssueReason } from './lint-kinds.js'
import { isEnglishWord } from './spelling.js'
import { coarseTags } from './tagging.js'

/**
 * An edit learned from human corrections (bench/quality/fit-rules.ts): where the words `words` (lower-case, zero
 * words for an insertion) stand between `before` and `after`, they become `to`. A context is a word, a coarse tag
 * (`#Plural`, tagging.ts), `*` for anything, or `^` and `$`, the start and end of the text.
 *
 * An inflection is learned for a class of words rather than one word: `words` is `@Tag~from>to` and `to` is
 * `~from>to`, meaning a word of that tag whose ending `from` becomes `to` ("many [@Singular~>s]": country → countries
 * is `@Singular~y>ies`), applied only when the result is a real English word.
 */
export type LearnedEdit = { before: string; words: string; after: string; to: string; reason: IssueReason }

export type Token = { text: string; lower: string; start: number; end: number; tag: string }

const WORD = /^[\p{L}\p{N}]/u

/** Words (with an inner apostrophe: "don't", "people's") and single punctuation marks, with offsets and tags. */
export function tokenise(text: string): Token[] {
  const found = [...text.matchAll(/[\p{L}\p{N}]+(?:'[\p{L}]+)*|[^\s\p{L}\p{N}]/gu)]
  const words = found.filter((m) => WORD.test(m[0]))
  const tags =
    words.length === 0
      ? []
      : coarseTags(
          text,
          words.map((m) => m.index),
        )
  let w = 0
  return found.map((m) => ({
    text: m[0],
    lower: m[0].toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
    tag: WORD.test(m[0]) ? tags[w++]! : m[0],
  }))
}

export type Context = { before: string; after: string; beforeTag: string; afterTag: string }

/** The context around `tokens[i, j)`: the word before and after (and their tags), or the text's edges. */
export function contextOf(tokens: Token[], i: number, j: number): Context {
  const b = tokens[i - 1]
  const a = tokens[j]
  return {
    before: b?.lower ?? '^',
    after: a?.lower ?? '$',
    beforeTag: b ? `#${b.tag}` : '^',
    afterTag: a ? `#${a.tag}` : '$',
  }
}

/**
 * Lookup keys, most specific first: words on both sides, then a word and a tag, then one side only, then tags, then
 * none (never for insertions or inflections, which need a context).
 */
export function editKeys(words: string, c: Context): string[] {
  const sides: [string, string][] = [
    [c.before, c.after],
    [c.before, c.afterTag],
    [c.beforeTag, c.after],
    [c.before, '*'],
    ['*', c.after],
    [c.beforeTag, c.afterTag],
    [c.beforeTag, '*'],
    ['*', c.afterTag],
  ]
  if (words !== '' && !words.startsWith('@')) sides.push(['*', '*'])
  return [...new Set(sides.map(([b, a]) => `${b}|${words}|${a}`))]
}

export const keyOf = (e: Pick<LearnedEdit, 'before' | 'words' | 'after'>) => `${e.before}|${e.words}|${e.after}`

/** An inflection `from>to` ("y>ies", ">s"). */
export type Inflection = { from: string; to: string }

export const inflectionName = (f: Inflection) => `${f.from}>${f.to}`

/** The inflection that turns `word` into `to` when only its ending changes (at most 3 letters off, 4 on). */
export function inflectionOf(word: string, to: string): Inflection | undefined {
  if (!/^\p{Ll}+$/u.test(word) || !/^\p{Ll}+$/u.test(to) || word === to) return undefined
  let p = 0
  while (p < word.length && p < to.length && word[p] === to[p]) p++
  const from = word.slice(p)
  const added = to.slice(p)
  if (p < 3 || from.length > 3 || added.length > 4) return undefined
  return { from, to: added }
}

/** `word` (any case) with the inflection applied, when the result is a real English word. */
export function inflect(word: string, f: Inflection): string | undefined {
  const lower = word.toLowerCase()
  if (!lower.endsWith(f.from) || lower.length - f.from.length < 3) return undefined
  const result = lower.slice(0, lower.length - f.from.length) + f.to
  if (result === lower || !isEnglishWord(result)) return undefined
  return word.slice(0, word.length - f.from.length) + f.to
}

export type LearnedHit = {
  start: number
  end: number
  suggestion: string
  change: IssueChange
  edit: LearnedEdit
  category: IssueCategory
}

const CATEGORY: Partial<Record<IssueReason, IssueCategory>> = {
  spelling: 'spelling',
  punctuation: 'punctuation',
  capitalization: 'punctuation',
  'word-choice': 'word-choice',
}

/** Longest phrase a learned edit replaces (in tokens). */
export const MAX_WORDS = 2

/** The inflections a table holds for each tag (`Singular` → [>s, y>ies]); computed once per table. */
const inflectionsOf = new WeakMap<ReadonlyMap<string, LearnedEdit>, Map<string, Inflection[]>>()

export function inflectionsByTag(table: ReadonlyMap<string, LearnedEdit>): Map<string, Inflection[]> {
  let byTag = inflectionsOf.get(table)
  if (!byTag) {
    byTag = new Map()
    const seen = new Set<string>()
    for (const e of table.values()) {
      const m = /^@(\w+)~(\p{Ll}*)>(\p{Ll}*)$/u.exec(e.words)
      if (!m || seen.has(e.words)) continue
      seen.add(e.words)
      byTag.set(m[1]!, [...(byTag.get(m[1]!) ?? []), { from: m[2]!, to: m[3]! }])
    }
    inflectionsOf.set(table, byTag)
  }
  return byTag
}

/** Every place in `text` where a learned edit applies (the most specific key wins at each place). */
export function findLearnedEdits(
  text: string,
  table: ReadonlyMap<string, LearnedEdit>,
  tokens: Token[] = table.size === 0 ? [] : tokenise(text),
): LearnedHit[] {
  if (table.size === 0) return []
  const inflections = inflectionsByTag(table)
  const hits: LearnedHit[] = []
  const lookup = (words: string, c: Context) =>
    editKeys(words, c)
      .map((k) => table.get(k))
      .find(Boolean)
  for (let i = 0; i <= tokens.length; i++) {
    for (let n = 0; n <= MAX_WORDS && i + n <= tokens.length; n++) {
      const words = tokens
        .slice(i, i + n)
        .map((t) => t.lower)
        .join(' ')
      const edit = lookup(words, contextOf(tokens, i, i + n))
      if (!edit) continue
      const hit = place(text, tokens, i, n, edit)
      if (hit) hits.push(hit)
    }
    const token = tokens[i]
    for (const f of (token && inflections.get(token.tag)) ?? []) {
      const result = inflect(token!.text, f)
      if (result === undefined) continue
      const edit = lookup(`@${token!.tag}~${inflectionName(f)}`, contextOf(tokens, i, i + 1))
      if (!edit) continue
      const category = CATEGORY[edit.reason] ?? 'grammar'
      hits.push({
        edit,
        category,
        start: token!.start,
        end: token!.end,
        suggestion: result,
        change: { kind: 'replace' },
      })
    }
  }
  return hits
}

function place(text: string, tokens: Token[], i: number, n: number, edit: LearnedEdit): LearnedHit | undefined {
  const category = CATEGORY[edit.reason] ?? 'grammar'
  const base = { edit, category }
  if (n === 0) {
    const prev = tokens[i - 1]
    const next = tokens[i]
    // Punctuation goes right after the word before it; a word goes before the next word.
    if (/^[,.;:!?]/.test(edit.to) && prev)
      return {
        ...base,
        start: prev.start,
        end: prev.end,
        suggestion: prev.text + edit.to,
        change: { kind: 'insert', at: prev.end, text: edit.to },
      }
    // Not at the very start: the capital letter would have to move.
    if (!next || !prev) return undefined
    return {
      ...base,
      start: next.start,
      end: next.end,
      suggestion: `${edit.to} ${next.text}`,
      change: { kind: 'insert', at: next.start, text: `${edit.to} ` },
    }
  }
  const start = tokens[i]!.start
  const end = tokens[i + n - 1]!.end
  if (edit.to === '') {
    if (text[end] === ' ') return { ...base, start, end: end + 1, suggestion: '', change: { kind: 'delete' } }
    if (text[start - 1] === ' ') return { ...base, start: start - 1, end, suggestion: '', change: { kind: 'delete' } }
    return { ...base, start, end, suggestion: '', change: { kind: 'delete' } }
  }
  const original = text.slice(start, end)
  const suggestion = /^\p{Lu}/u.test(original) ? capitalise(edit.to) : edit.to
  if (suggestion === original) return undefined
  return { ...base, start, end, suggestion, change: { kind: 'replace' } }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
