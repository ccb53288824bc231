/**
 * Bounds what a small model can do wrong as a learner. SmolLM2-135M, asked to play a learner, often answers as the
 * tutor, writes both sides ("Tutor: …"), repeats the tutor's words, runs on, or writes nothing. What it writes is
 * cut to the learner's own first lines, at most MAX_SENTENCES sentences, MAX_WORDS words and MAX_CHARS characters;
 * when nothing usable is left the caller uses a persona template line instead (and the export says so).
 */
export const MAX_SENTENCES = 2
export const MAX_WORDS = 30
export const MAX_CHARS = 200

export type Cleaned = { text: string } | { text: ''; rejected: RejectReason }
export type RejectReason = 'empty' | 'copies_tutor' | 'repeats_itself' | 'not_words' | 'recites_prompt'

/**
 * Words of the bot's own instructions and nudge; SmolLM2 recites them ("I am a Spanish speaker learning English…",
 * "The other person's words:" from "Never write the other person's lines"), and a line that ends in a colon only
 * announces words it never writes.
 */
const PROMPT_WORDS =
  /\bCEFR\b|\blearning English at\b|\bNow (?:ask|say|check|tell|find)\b|\byour sentence is\b|\bother person['’]?s\b|:$/i

// In the bot's chat the tutor is the `user`; the learner is the `assistant` writing the next line.
const OTHER = '(?:tutor|assistant|agent|teacher|system|user|parley|receptionist|clerk|staff|waiter|doctor)'
const SELF = '(?:learner|student|me)'

/** The learner's own words from a model's output, or why there are none. */
export function cleanLearnerTurn(
  raw: string,
  ctx: { tutorText: string; ownEarlier: readonly string[]; names: readonly string[] },
): Cleaned {
  const self = [SELF, ...ctx.names.filter(Boolean).map(escapeRegExp)].join('|')
  const label = (who: string) => new RegExp(String.raw`(?:^|\s)(?:${who})\s*:\s*`, 'i')
  let text = raw.replace(/\r/g, '')
  // Output that opens with the other side's label is the tutor's line: the learner's words start at their own label.
  if (new RegExp(String.raw`^\s*${OTHER}\s*:`, 'i').test(text)) {
    const own = label(self).exec(text)
    text = own ? text.slice(own.index + own[0].length) : ''
  }
  text = text.replace(new RegExp(String.raw`^\s*(?:${self})\s*:\s*`, 'i'), '')
  // Any later label starts someone else's line (or the model's next turn), so the text ends there.
  const next = label(`${OTHER}|${self}`).exec(text)
  if (next) text = text.slice(0, next.index)
  text = text
    .replace(/\[[^\]]*\]?/g, ' ')
    .replace(/[*_#`>]+/g, ' ')
    .split(/\n\s*\n/)[0]!
    .replace(/\s*\n\s*/g, ' ')
    .replace(/^["'“”‘’\s-]+|["'“”‘’\s]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  text = capLength(text)
  if (!text) return { text: '', rejected: 'empty' }
  if ((text.match(/\p{L}+/gu) ?? []).length < 2) return { text: '', rejected: 'not_words' }
  if (PROMPT_WORDS.test(text)) return { text: '', rejected: 'recites_prompt' }
  if (copies(text, ctx.tutorText)) return { text: '', rejected: 'copies_tutor' }
  if (ctx.ownEarlier.some((own) => normalise(own) === normalise(text))) return { text: '', rejected: 'repeats_itself' }
  return { text }
}

function capLength(text: string): string {
  const sentences = text.match(/[^.!?]+(?:[.!?]+|$)/g) ?? []
  let out = sentences.slice(0, MAX_SENTENCES).join('').trim()
  const words = out.split(/\s+/)
  if (words.length > MAX_WORDS) out = words.slice(0, MAX_WORDS).join(' ')
  if (out.length > MAX_CHARS) out = out.slice(0, MAX_CHARS).replace(/\s+\S*$/, '')
  return out.trim()
}

const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()

/** The text is (mostly) the tutor's: contained in it, or most of its words are the tutor's words in order pairs. */
function copies(text: string, tutorText: string): boolean {
  const a = normalise(text)
  const b = normalise(tutorText)
  if (!a || !b) return false
  if (b.includes(a)) return true
  const pairs = (s: string) => {
    const w = s.split(' ')
    return new Set(w.slice(1).map((x, i) => `${w[i]} ${x}`))
  }
  const mine = pairs(a)
  if (mine.size < 3) return false
  const theirs = pairs(b)
  let shared = 0
  for (const p of mine) if (theirs.has(p)) shared++
  return shared / mine.size >= 0.6
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
