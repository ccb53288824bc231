import type { IssueCategory } from '@parley/core'

/** How each feedback category is named on screen (its colour and line style live in globals.css as `.fb-<id>`). */
export const CATEGORY_LABEL: Record<IssueCategory, string> = {
  grammar: 'Grammar',
  spelling: 'Spelling',
  'word-choice': 'Word choice',
  punctuation: 'Punctuation',
  style: 'Style',
  register: 'Register',
}
