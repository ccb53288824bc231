/**
 * A small model often opens its reply by copying the learner's words back: "ok i think it is good idea to go there
 * tomorrow with you, okay?" (SmolLM2-135M in the browser, 2026-12-04), which reads as the tutor repeating the
 * mistakes it should correct. EchoOpening sits before the leak guard and holds the reply's first sentence only while
 * its words copy a run of one of the learner's messages; a sentence that copied at least MIN_ECHO_WORDS words, and
 * mostly copied, is dropped. A reply that does not copy passes at once: at most the words that match are held.
 */
export const MIN_ECHO_WORDS = 5
/** Share of the first sentence's words that must be copied for it to be dropped. */
export const ECHO_SHARE = 0.5

const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []
/** The end of the first sentence: its final mark and the space after it, or a line break. */
const SENTENCE_END = /[.!?…]+["'’”)\]]*\s+|\n+/u

export class EchoOpening {
  private held = ''
  private passing = false
  private trimStart = false
  private readonly learner: string[]
  /** The sentence dropped, if one was (for logs and tests). */
  dropped = ''

  constructor(learnerTexts: string[]) {
    // One string with a separator no word can match, so a run never spans two messages.
    this.learner = learnerTexts.map((t) => ` ${words(t).join(' ')} `)
    this.passing = this.learner.every((m) => m.trim() === '')
  }

  /** The text to pass on for a new piece of the reply. */
  push(text: string): string {
    if (this.passing) return this.trimmed(text)
    this.held += text
    return this.decide(false)
  }

  /** What is still held when the reply ends. */
  end(): string {
    return this.passing ? '' : this.decide(true)
  }

  private decide(final: boolean): string {
    const match = SENTENCE_END.exec(this.held)
    const complete = match !== null || final
    const sentence = match ? this.held.slice(0, match.index + match[0].length) : this.held
    const all = words(sentence)
    // While the sentence is still coming, its last word may be cut ("tomor…"): judge the whole words only.
    const judged = complete || /[^\p{L}\p{N}']$/u.test(sentence) ? all : all.slice(0, -1)
    const copied = this.copiedPrefix(judged)
    const diverged = copied < judged.length
    if (!complete && !diverged) return ''
    if (copied < MIN_ECHO_WORDS) return this.release(this.held)
    if (!complete) return ''
    if (copied / all.length < ECHO_SHARE) return this.release(this.held)
    this.dropped = sentence
    this.trimStart = true
    return this.release(this.held.slice(sentence.length))
  }

  /** How many of `ws`, from the first, appear in this order, unbroken, in one learner message. */
  private copiedPrefix(ws: string[]): number {
    let n = 0
    while (n < ws.length && this.learner.some((m) => m.includes(` ${ws.slice(0, n + 1).join(' ')} `))) n++
    return n
  }

  private release(text: string): string {
    this.passing = true
    this.held = ''
    return this.trimmed(text)
  }

  /** After a dropped sentence, the reply starts at its next word, not at a space. */
  private trimmed(text: string): string {
    if (!this.trimStart) return text
    const rest = text.replace(/^\s+/u, '')
    if (rest !== '') this.trimStart = false
    return rest
  }
}
