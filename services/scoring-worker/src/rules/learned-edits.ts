import type { IssueCategory, IssueChange } from '@parley/core'
import type { IssueReason } from './lint-kinds.js'

/**
 * An edit learned from human corrections (bench/quality/fit-rules.ts): where the words `words` (lower-case, zero
 * words for an insertion) stand between `before` and `after`, they become `to`. A context of `*` matches any
 * word; `^` and `$` are the start and end of the text.
 */
export type LearnedEdit = { before: string; words: string; after: string; to: string; reason: IssueReason }

export type Token = { text: string; lower: string; start: number; end: number }

/** Words (with an inner apostrophe: "don't", "people's") and single punctuation marks, with their offsets. */
export function tokenise(text: string): Token[] {
  const out: Token[] = []
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:'[\p{L}]+)*|[^\s\p{L}\p{N}]/gu))
    out.push({ text: m[0], lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length })
  return out
}

/** The context words around `tokens[i, j)`: the word before and after, or the text's edges. */
export function contextOf(tokens: Token[], i: number, j: number): { before: string; after: string } {
  return { before: tokens[i - 1]?.lower ?? '^', after: tokens[j]?.lower ?? '$' }
}

/** Lookup keys, most specific first: both neighbours, the one before, the one after, none (not for insertions). */
export function editKeys(words: string, before: string, after: string): string[] {
  const keys = [`${before}|${words}|${after}`, `${before}|${words}|*`, `*|${words}|${after}`]
  if (words !== '') keys.push(`*|${words}|*`)
  return keys
}

export const keyOf = (e: Pick<LearnedEdit, 'before' | 'words' | 'after'>) => `${e.before}|${e.words}|${e.after}`

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

/** Every place in `text` where a learned edit applies (the most specific key wins at each place). */
export function findLearnedEdits(text: string, table: ReadonlyMap<string, LearnedEdit>): LearnedHit[] {
  if (table.size === 0) return []
  const tokens = tokenise(text)
  const hits: LearnedHit[] = []
  for (let i = 0; i <= tokens.length; i++) {
    for (let n = 0; n <= MAX_WORDS && i + n <= tokens.length; n++) {
      const words = tokens
        .slice(i, i + n)
        .map((t) => t.lower)
        .join(' ')
      const { before, after } = contextOf(tokens, i, i + n)
      const edit = editKeys(words, before, after)
        .map((k) => table.get(k))
        .find(Boolean)
      if (!edit) continue
      const hit = place(text, tokens, i, n, edit)
      if (hit) hits.push(hit)
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
