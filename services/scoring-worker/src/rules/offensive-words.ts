/**
 * Words a spelling suggestion must never be: a learner who typed "ans" or "succed" should not read "anus" or
 * "sucked". Matched on the whole lower-cased suggestion, and on its words for multi-word ones.
 */
export const NEVER_SUGGEST: ReadonlySet<string> = new Set([
  'anal',
  'anus',
  'arse',
  'ass',
  'asses',
  'bastard',
  'bitch',
  'bitches',
  'boob',
  'boobs',
  'butt',
  'cock',
  'crap',
  'cum',
  'cunt',
  'damn',
  'dick',
  'dildo',
  'erotic',
  'fag',
  'faggot',
  'horny',
  'jerk',
  'nigger',
  'nude',
  'orgasm',
  'penis',
  'piss',
  'pissed',
  'porn',
  'prick',
  'pussy',
  'rape',
  'raped',
  'retard',
  'sex',
  'sexy',
  'shit',
  'slut',
  'suck',
  'sucked',
  'sucker',
  'sucks',
  'tit',
  'tits',
  'twat',
  'vagina',
  'wank',
  'whore',
])

/** Prefixes no suggestion may start with (every inflection of the worst words). */
const NEVER_PREFIXES = ['fuck', 'shit', 'cunt', 'nigg', 'whor', 'masturb']

export function isOffensive(suggestion: string): boolean {
  return suggestion
    .toLowerCase()
    .split(/[^a-z']+/)
    .some((w) => NEVER_SUGGEST.has(w) || NEVER_PREFIXES.some((p) => w.startsWith(p)))
}
