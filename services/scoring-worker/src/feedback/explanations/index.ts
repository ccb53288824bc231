import type { IssueReason } from '../../rules/lint-kinds.js'
import { en } from './en.js'
import { es } from './es.js'
import { fr } from './fr.js'
import { id } from './id.js'
import { pt } from './pt.js'
import { ru } from './ru.js'
import type { ExplanationTable } from './types.js'

const TABLES: Record<string, ExplanationTable> = { en, id, ru, es, pt, fr }

/** Languages with their own explanation table; any other falls back to English. */
export const EXPLANATION_LANGUAGES = Object.keys(TABLES)

/** The table for a language tag such as `pt-BR` or `ID` (matched on its primary subtag), English if none. */
export function tableFor(languageTag: string): ExplanationTable {
  return TABLES[primarySubtag(languageTag)] ?? en
}

export function primarySubtag(languageTag: string): string {
  return languageTag.split('-')[0]!.toLowerCase()
}

/** e.g. `Spelling: “teh” → “the”. The word is misspelt.`, in the learner's language with English words kept. */
export function explain(languageTag: string, reason: IssueReason, original: string, suggestion?: string): string {
  const table = tableFor(languageTag)
  const change = suggestion === undefined ? `“${original}”` : `“${original}” → “${suggestion}”`
  return `${table.labels[reason]}: ${change}. ${table.hints[reason]}`
}

/** The one-line hint for a reason, used for tips when the LLM gives none. */
export function hint(languageTag: string, reason: IssueReason): string {
  return tableFor(languageTag).hints[reason]
}
