import { guessLanguage } from './language.js'

/**
 * Leaks that share no word-for-word window with the instructions: the rules paraphrased (often as a numbered list),
 * translated into another language, or the canary written with separators. The word-window check in leak-guard.ts
 * catches verbatim echoes; these shapes are judged on whole sentences instead, and the guard holds back a sentence
 * that could turn into one of them until it is complete.
 */

/** Talk about the tutor's own instructions: never part of an English practice reply. Each one alone is a leak. */
const STRONG: RegExp[] = [
  /\bmy\s+(?:own\s+)?(?:instructions|guidelines|directives|(?:system\s+)?prompt|programming|configuration)\b/i,
  /\b(?:system|hidden|secret|original|initial|private)\s+(?:prompt|instructions?|rules|message|guidelines)\b/i,
  /\b(?:instructions?|rules?|guidelines?|directives?)\s*(?:#|no\.?|number)?\s*\d+\s*[:.)-]/i,
  /\b(?:first|second|third|fourth|fifth|1st|2nd|3rd)\s+(?:rule|instruction|guideline|directive)\s+(?:is|says|tells)\b/i,
  /\bI\s*(?:'m|’m|am|was|have been|'ve been|’ve been)\s+(?:instructed|programmed|configured|prompted)\b/i,
  /\b(?:told|instructed|asked)\s+(?:me\s+)?(?:never|not)\s+to\s+(?:reveal|share|repeat|show|quote|translate|summari[sz]e)\b/i,
  /\bnever\s+(?:reveal|repeat|quote|share|translate|summari[sz]e)\s+(?:my|these|the|those|any|your)\s+(?:instructions|rules|prompt|guidelines)\b/i,
  /\b(?:the|a)\s+learner(?:'s|’s)?\b/i,
  /\b(?:separate|feedback)\s+tool\b/i,
  /\blearner[_\s-]?message\b/i,
  // "Instructions", "rules", "system prompt" in the languages learners most often ask for a translation into.
  /\b(?:instrucciones|instruções|istruzioni|anweisungen|consignes|instruksi|talimatlar|instructies)\b/i,
  /(?:инструкци|указани|指示|指令|提示词|系统提示|规则|ルール|지시|규칙|프롬프트|تعليمات)/u,
]

/** The rules' topics, each harmless alone; two different ones in one reply is the rules, paraphrased. */
const WEAK: RegExp[] = [
  /\b(?:stay|remain|staying|remaining|keep)\s+in\s+(?:my\s+|your\s+)?(?:role|character)\b/i,
  /\b(?:always|only)\s+(?:answer|reply|respond|speak|write)\s+in\s+English\b/i,
  /\b(?:do not|don't|never|not)\s+(?:correct|point out)\s+(?:the\s+|your\s+|their\s+|any\s+)?mistakes\b/i,
  /\b(?:do not|don't|never|not)\s+(?:mention|talk about|discuss)\s+grammar\b/i,
  /\btwo\s+to\s+four\s+sentences\b/i,
  /\bfollow-?up\s+questions?\b/i,
  /\btarget\s+vocabulary\b/i,
  /\b(?:reveal|disclose)\b/i,
]

/** A list item: `1.`, `2)`, `-`, `*`, `•` at the start of a line. */
const LIST_ITEM = /^\s*(?:\d{1,2}[.)]|[-*•])\s+(.+)$/gm
/** A list item about how the tutor must behave; two of them is the rules, restated as a list. */
const RULE_ITEM =
  /\b(?:reveal|instructions?|prompt|role|character|persona|the user|feedback|(?:do not|don't|never) correct|in English|grammar)\b/i

export function looksLikeDisclosure(text: string): boolean {
  if (STRONG.some((p) => p.test(text))) return true
  if (WEAK.filter((p) => p.test(text)).length >= 2) return true
  if ([...text.matchAll(LIST_ITEM)].filter((m) => RULE_ITEM.test(m[1]!)).length >= 2) return true
  // The tutor always answers in English, so a sentence in another language is the instructions translated (or at
  // best off-policy): stopped either way. Too few words to tell are let through.
  return sentences(text).some(isForeignSentence)
}

// The guard judges the whole reply again after every chunk, so each finished sentence would be re-guessed every
// time: remember the verdicts (bounded; a reply has few sentences, a worker many replies).
const verdicts = new Map<string, boolean>()

function isForeignSentence(sentence: string): boolean {
  const known = verdicts.get(sentence)
  if (known !== undefined) return known
  const guess = guessLanguage(sentence)
  const foreign = !guess.english && (guess.reason === 'non-latin-script' || guess.reason === 'foreign-function-words')
  if (verdicts.size >= 2_000) verdicts.clear()
  verdicts.set(sentence, foreign)
  return foreign
}

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+|\n+/).filter((s) => s.trim())
}

/** A sentence that could still become a disclosure: worth holding back until it is complete and judged. */
const SUSPECT =
  /\b(?:my|system|hidden|secret|original|initial|private|rules?|instructions?|guidelines?|directives?|learner|tool|told|instructed|programmed|configured|never|reveal|stay|always|first|second|third)\b|^\s*(?:\d{1,2}[.)]|[-*•])|[^\p{Script=Latin}\p{P}\p{S}\p{N}\s]/imu

export function mayBecomeDisclosure(sentence: string): boolean {
  return SUSPECT.test(sentence) || !guessLanguage(sentence).english
}

/** Where the sentence being written starts: after the last `.`, `!`, `?` or line break followed by a space. */
export function currentSentenceStart(text: string): number {
  let start = 0
  for (const m of text.matchAll(/[.!?]+["')\]]*\s+|\n+/g)) start = m.index + m[0].length
  return start
}

/** Letters and digits only, lower-cased and compatibility-folded: `P-R-L-Y 0 0 a a` reads as `prly00aa`. */
export function squeeze(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '')
}

/**
 * Where in `text` a trailing run begins whose squeezed form is the start of (or contains) the squeezed canary, so
 * that the canary cannot be shown a letter at a time with separators in between. Returns -1 when there is none.
 */
export function canaryTailStart(text: string, canary: string): number {
  const target = squeeze(canary)
  if (!target) return -1
  let tail = ''
  let from = -1
  for (let i = text.length - 1; i >= 0 && tail.length < target.length; i--) {
    const ch = squeeze(text[i]!)
    if (!ch) continue
    tail = ch + tail
    if (target.startsWith(tail)) from = i
  }
  return from
}

/**
 * Where the first sentence or list item at or after `from` begins that carries half of a paraphrase (one weak
 * signal, or one list item about the rules): it is held until the reply ends or proves to be the rules. -1 if none.
 */
export function firstHalfSignal(text: string, from: number): number {
  for (const m of text.matchAll(/[^.!?\n]+(?:[.!?]+|\n|$)/g)) {
    if (m.index + m[0].length <= from) continue
    const piece = m[0]
    const listed = /^\s*(?:\d{1,2}[.)]|[-*•])\s+/.test(piece) && RULE_ITEM.test(piece)
    if (listed || WEAK.some((p) => p.test(piece))) return Math.max(from, m.index)
  }
  return -1
}
