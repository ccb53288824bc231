/**
 * Bounds what a small model can do wrong in a reply: it stops after `maxSentences` sentences, at the first sentence
 * that repeats an earlier one (tiny models loop), and where it starts answering its own question ("How was your day?
 * I'm so glad to hear that!"): once the reply has asked a question after its first sentence, what follows is held
 * until it is known to be another question, and a statement there ends the reply at the question. Text is fed in as
 * it is released to the learner; `take` says how much of each piece to send and whether to stop generating, and
 * `end` what is left to send when the model has finished.
 */
export class ReplyLimiter {
  private text = ''
  /** Offset in `text` up to which sentences have been checked. */
  private scanned = 0
  /** Offset in `text` up to which the learner has been sent the reply. */
  private sent = 0
  private sentences = 0
  private readonly seen = new Set<string>()
  /** Where the reply the learner should keep ends (before a repeated sentence), once stopped. */
  private keepEnd: number | undefined
  /** The end of the last question asked after the first sentence: text after it is held. */
  private askedEnd: number | undefined

  constructor(private readonly maxSentences: number) {}

  /** The reply as it should be kept: everything sent, minus a trailing repeated sentence or an unfinished list. */
  get reply(): string {
    return withoutDanglingList(this.text.slice(0, this.keepEnd ?? this.sent).trimEnd())
  }

  get stopped(): boolean {
    return this.keepEnd !== undefined
  }

  take(piece: string): { send: string; stop: boolean } {
    if (this.stopped || !piece) return { send: '', stop: this.stopped }
    this.text += piece
    // A sentence ends at . ! ? (or a line break) followed by whitespace, so "3.5" and "e.g." mid-word do not count.
    const boundary = /[.!?…]+["')\]]*(?=\s)|\n/g
    boundary.lastIndex = this.scanned
    for (let m = boundary.exec(this.text); m; m = boundary.exec(this.text)) {
      const start = this.scanned
      const end = m.index + m[0].length
      this.scanned = end
      const sentence = this.text.slice(start, end)
      const key = normalise(sentence)
      // "1." or "-" before a list item is a marker, not a sentence: counted, it ended replies on a bare "1.".
      if (!/\p{L}/u.test(key)) continue
      if (this.askedEnd !== undefined && !isQuestion(sentence)) return this.stopAt(this.askedEnd)
      if (key.split(' ').length >= 3 && this.seen.has(key)) return this.stopAt(start)
      this.seen.add(key)
      if (isQuestion(sentence) && this.sentences >= 1) this.askedEnd = end
      // At the cap, a line that announces what follows ("Here's how you can practise:") would end on a promise.
      if (++this.sentences >= this.maxSentences) return this.stopAt(ANNOUNCES.test(sentence) ? start : end)
    }
    return { send: this.release(this.askedEnd ?? this.text.length), stop: false }
  }

  /** The model has finished: a held last sentence is sent if it is another question, else dropped. */
  end(): string {
    if (this.stopped || this.askedEnd === undefined) return ''
    const rest = this.text.slice(this.askedEnd)
    return isQuestion(rest.trimEnd()) ? this.release(this.text.length) : ''
  }

  private release(upTo: number): string {
    const send = this.text.slice(this.sent, Math.max(upTo, this.sent))
    this.sent = Math.max(upTo, this.sent)
    return send
  }

  private stopAt(end: number): { send: string; stop: boolean } {
    // The kept reply ends at `end` even where a repeated sentence had begun to stream (the page drops it at `done`).
    this.keepEnd = end
    const send = this.release(end)
    this.text = this.text.slice(0, Math.max(end, this.sent))
    return { send, stop: true }
  }
}

const isQuestion = (sentence: string) => /\?["')\]]*\s*$/u.test(sentence)

const ANNOUNCES = /:\s*$/
const LIST_MARKER_AT_END = /\n\s*(?:\d+[.)]|[-*•])\s*$/u
const ANNOUNCING_LINE_AT_END = /(?:^|\n|(?<=[.!?…]\s))[^\n.!?…]*:\s*$/u

/**
 * A reply cut by the token cap can end on a list marker with no item ("…practise:\n1.") and the line that announced
 * the list; both go, unless nothing else is left.
 */
function withoutDanglingList(reply: string): string {
  const withoutMarker = reply.replace(LIST_MARKER_AT_END, '').trimEnd()
  return withoutMarker.replace(ANNOUNCING_LINE_AT_END, '').trimEnd() || withoutMarker || reply
}

function normalise(sentence: string): string {
  return sentence
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}
