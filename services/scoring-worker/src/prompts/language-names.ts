import { primarySubtag } from '../feedback/explanations/index.js'

/** English names of the learners' most common languages, so prompts can say "in Indonesian" rather than "in id". */
const NAMES: Record<string, string> = {
  en: 'English',
  id: 'Indonesian',
  ru: 'Russian',
  es: 'Spanish',
  pt: 'Portuguese',
  fr: 'French',
  de: 'German',
  it: 'Italian',
  tr: 'Turkish',
  vi: 'Vietnamese',
  th: 'Thai',
  zh: 'Chinese',
  ja: 'Japanese',
  ko: 'Korean',
  ar: 'Arabic',
  hi: 'Hindi',
  uk: 'Ukrainian',
  pl: 'Polish',
  ms: 'Malay',
}

export function languageName(languageTag: string): string {
  return NAMES[primarySubtag(languageTag)] ?? `the language with the tag "${languageTag}"`
}
