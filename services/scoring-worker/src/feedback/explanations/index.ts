import type { IssueChange } from '@parley/core'
import type { IssueReason } from '../../rules/lint-kinds.js'
import { de } from './de.js'
import { en } from './en.js'
import { es } from './es.js'
import { fr } from './fr.js'
import { id } from './id.js'
import { ja } from './ja.js'
import { pt } from './pt.js'
import { ru } from './ru.js'
import type { ExplanationTable } from './types.js'
import { zh } from './zh.js'

const TABLES: Record<string, ExplanationTable> = { en, id, ru, es, pt, fr, de, ja, zh }

/** Languages with their own explanation table; any other falls back to English. */
export const EXPLANATION_LANGUAGES = Object.keys(TABLES)

/** The table for a language tag such as `pt-BR` or `ID` (matched on its primary subtag), English if none. */
export function tableFor(languageTag: string): ExplanationTable {
  return TABLES[primarySubtag(languageTag)] ?? en
}

export function primarySubtag(languageTag: string): string {
  return languageTag.split('-')[0]!.toLowerCase()
}

/** What to do, in the learner's language: `“go” → “went”`, `add “to” after “want”`, `remove “am”`. */
function describeChange(table: ExplanationTable, original: string, suggestion?: string, change?: IssueChange): string {
  const fill = (template: string, values: Record<string, string>) =>
    template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '')
  if (change?.kind === 'insert') {
    // The suggestion is the anchor word with the insertion: "want to" (after "want") or "to me" (before "me").
    const where = suggestion?.startsWith(original) ? 'after' : 'before'
    const words = original.trim().split(/\s+/)
    const word = (where === 'after' ? words.at(-1) : words[0]) ?? original
    return fill(table.changes.add, { text: change.text.trim(), word, where: table.changes[where] })
  }
  if (change?.kind === 'delete') return fill(table.changes.remove, { text: original.trim() })
  return suggestion === undefined ? `“${original}”` : `“${original}” → “${suggestion}”`
}

/**
 * e.g. `Spelling: “teh” → “the”. The word is misspelt.`, in the learner's language with English words kept. An
 * English `detail` (Harper's own message, which names the words) replaces the generic hint for English readers.
 */
export function explain(
  languageTag: string,
  reason: IssueReason,
  original: string,
  suggestion?: string,
  change?: IssueChange,
  detail?: string,
): string {
  const table = tableFor(languageTag)
  const why = table === en && detail ? detail : table.hints[reason]
  return `${table.labels[reason]}: ${describeChange(table, original, suggestion, change)}. ${why}`
}

/** The one-line hint for a reason, used for tips when the LLM gives none. */
export function hint(languageTag: string, reason: IssueReason): string {
  return tableFor(languageTag).hints[reason]
}
