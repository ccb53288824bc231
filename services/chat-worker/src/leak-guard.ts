import {
  canaryTailStart,
  currentSentenceStart,
  firstHalfSignal,
  looksLikeDisclosure,
  mayBecomeDisclosure,
  squeeze,
} from './leak-shapes.js'

/**
 * An output filter that stops a tutor reply which starts to repeat the tutor's private instructions, so that the
 * system prompt is never echoed back however the model behaves (a random-weight test model included).
 * Besides verbatim echoes it stops the shapes in leak-shapes.ts: paraphrased or listed rules, a translation, the
 * canary spelled with separators; a sentence that may turn into one is held until it is complete.
 *
 * A leak is either the per-request canary code, or any run of WINDOW consecutive words that also occurs in the
 * instructions (and not in public text such as the scenario's opening line, which the tutor is meant to say).
 * To keep leaked words off the wire, the guard holds back the end of the reply for as long as it reads like the start
 * of a protected window (at most WINDOW-1 words, plus an unfinished word), so an ordinary reply flows with a word or
 * two of delay while an echo of the instructions is held until it is proven and stopped. Once a leak is found,
 * nothing more is released.
 */
export const WINDOW = 8

const WORD = /[\p{L}\p{N}']+/gu

function words(text: string): string[] {
  return text.toLowerCase().replace(/[’‘]/g, "'").match(WORD) ?? []
}

function shingles(ws: string[]): Set<string> {
  const out = new Set<string>()
  for (let i = 0; i + WINDOW <= ws.length; i++) out.add(ws.slice(i, i + WINDOW).join(' '))
  return out
}

/** The word-window fingerprints of instructions minus those of public text; build once per request. */
export function protectedShingles(instructions: string[], publicText: string[]): Set<string> {
  const secret = new Set<string>()
  for (const part of instructions) for (const s of shingles(words(part))) secret.add(s)
  for (const part of publicText) for (const s of shingles(words(part))) secret.delete(s)
  return secret
}

export type GuardStep = { release: string; leaked: boolean }

export class LeakGuard {
  private text = ''
  private released = 0
  private checkedWords = 0
  private stopped = false
  /** Every proper prefix (1 to WINDOW-1 words) of every protected window. */
  private readonly prefixes = new Set<string>()

  constructor(
    private readonly secret: Set<string>,
    private readonly canary: string,
  ) {
    for (const window of secret) {
      const ws = window.split(' ')
      for (let n = 1; n < WINDOW; n++) this.prefixes.add(ws.slice(0, n).join(' '))
    }
  }

  get leaked(): boolean {
    return this.stopped
  }

  /** Everything released so far: what the learner has seen. */
  get shown(): string {
    return this.text.slice(0, this.released)
  }

  /** Adds generated text; returns the part that is now safe to send. */
  push(chunk: string): GuardStep {
    if (this.leaked) return { release: '', leaked: true }
    this.text += chunk
    return this.scan(false)
  }

  /** The reply ended: checks the tail and releases what is left if it is clean. */
  end(): GuardStep {
    if (this.leaked) return { release: '', leaked: true }
    return this.scan(true)
  }

  private scan(final: boolean): GuardStep {
    if (this.canary && squeeze(this.text).includes(squeeze(this.canary))) return this.stop()
    if (looksLikeDisclosure(this.text)) return this.stop()
    const spans = [...this.text.matchAll(WORD)].map((m) => ({
      word: m[0].toLowerCase().replace(/[’‘]/g, "'"),
      start: m.index,
      end: m.index + m[0].length,
    }))
    // The last word may still be growing unless the reply ended or whitespace/punctuation follows it.
    const last = spans.at(-1)
    const complete = final || !last || last.end < this.text.length ? spans.length : spans.length - 1
    for (let i = Math.max(this.checkedWords, WINDOW); i <= complete; i++) {
      const window = spans
        .slice(i - WINDOW, i)
        .map((s) => s.word)
        .join(' ')
      if (this.secret.has(window)) return this.stop()
    }
    this.checkedWords = Math.max(this.checkedWords, complete)
    // Release up to the first word that could still begin a protected window: the longest run of trailing complete
    // words that is a prefix of one (words before it can no longer be part of any), and the unfinished word.
    let holdFrom = complete
    if (!final)
      for (let j = Math.max(0, complete - (WINDOW - 1)); j < complete; j++) {
        const run = spans
          .slice(j, complete)
          .map((s) => s.word)
          .join(' ')
        if (this.prefixes.has(run)) {
          holdFrom = j
          break
        }
      }
    const firstHeld = final ? undefined : spans[holdFrom]
    const safeEnd = Math.max(
      this.released,
      final ? this.text.length : this.holdPoint(firstHeld?.start ?? this.text.length),
    )
    const release = this.text.slice(this.released, safeEnd)
    this.released = safeEnd
    return { release, leaked: false }
  }

  /** The earliest of `shingleHold` and what the other shapes need held: a canary tail, a suspect sentence. */
  private holdPoint(shingleHold: number): number {
    const holds = [shingleHold]
    if (this.canary) {
      const tail = canaryTailStart(this.text, this.canary)
      if (tail >= 0) holds.push(tail)
    }
    const sentence = currentSentenceStart(this.text)
    if (mayBecomeDisclosure(this.text.slice(sentence))) holds.push(sentence)
    const half = firstHalfSignal(this.text, this.released)
    if (half >= 0) holds.push(half)
    return Math.min(...holds)
  }

  private stop(): GuardStep {
    this.stopped = true
    return { release: '', leaked: true }
  }
}
