import { wrapLearnerMessage } from './prompts/learner-data.js'

/**
 * Recognises the common shapes of prompt-injection attempts in a learner message, so the tutor gets an explicit
 * reminder to stay in role. This is a hint, not the defence: learner text is always wrapped as data, and the output
 * filter (leak-guard.ts) stops any reply that echoes the instructions, whatever the model does.
 */
const PATTERNS: RegExp[] = [
  /\b(ignore|disregard|forget|override|bypass)\s+(all\s+|any\s+)?(of\s+)?(your|the\s+(previous|above|prior|earlier)|previous|prior|above|earlier|these|those)\s+(\w+\s+){0,2}(instructions?|rules?|prompts?|directions?|guidelines?)\b/i,
  /\b(system|initial|original|hidden|secret)\s+(prompt|instructions?|message|rules?)\b/i,
  /\b(reveal|repeat|print|show|output|tell me|write out|translate|summari[sz]e)\b.{0,40}\b(instructions?|prompt|rules|guidelines|everything above)\b/i,
  /\byou are (now|no longer)\b/i,
  /\b(pretend|act|behave) (to be|as if|as an?|like)\b/i,
  /\b(developer|admin|god|dan|jailbreak) mode\b/i,
  /<\/?\s*(system|assistant|instructions?|learner_message)\b/i,
  /^\s*(system|assistant)\s*:/im,
  /\bnew (role|persona|instructions?)\b/i,
]

export function looksLikeInjection(text: string): boolean {
  return PATTERNS.some((p) => p.test(text))
}

/** Longest learner name the prompt carries; the schema allows more, the model needs no more. */
export const MAX_NAME_CHARS = 40

// Letters (any script), combining marks, digits, spaces and the punctuation names use: no tags, quotes, colons,
// brackets or line breaks with which a "name" could open a new instruction.
const NOT_NAME_CHAR = /[^\p{L}\p{M}\p{N} .'’-]+/gu

/**
 * A learner-supplied short field (the name) as it goes into a prompt: reduced to the characters such a field needs,
 * cut to `maxChars`, and inside the learner-data wrapper, which the system prompt declares to be data, never
 * instructions. Empty after cleaning, it reads "the learner".
 */
export function learnerField(value: string, maxChars = MAX_NAME_CHARS): string {
  const clean = value
    .normalize('NFKC')
    .replace(NOT_NAME_CHAR, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxChars)
    .trim()
  return clean ? wrapLearnerMessage(clean).replace(/\n/g, '') : 'the learner'
}
