import type { FeedbackIssue } from '@parley/core'

/** `start` is the segment's offset in the message: a stable key for rendering. */
export type Segment = { start: number; text: string; issue?: FeedbackIssue }

/**
 * Splits a message into plain and flagged pieces for underlining. Spans outside the text, empty spans and
 * spans overlapping an earlier (longer-first) one are skipped, so every character is rendered exactly once.
 * A span whose `original` does not match the text at its offsets is re-anchored by searching, or dropped.
 */
export function segmentText(text: string, issues: readonly FeedbackIssue[]): Segment[] {
  const anchored = issues
    .map((issue) => ({ issue, ...anchor(text, issue) }))
    .filter((x): x is typeof x & { start: number; end: number } => x.start !== undefined && x.end !== undefined)
    .sort((a, b) => a.start - b.start || b.end - a.end)
  const out: Segment[] = []
  let at = 0
  for (const a of anchored) {
    if (a.start < at) continue
    if (a.start > at) out.push({ start: at, text: text.slice(at, a.start) })
    out.push({ start: a.start, text: text.slice(a.start, a.end), issue: a.issue })
    at = a.end
  }
  if (at < text.length) out.push({ start: at, text: text.slice(at) })
  return out
}

function anchor(text: string, issue: FeedbackIssue): { start?: number; end?: number } {
  const { start, end, original } = issue
  if (end > start && end <= text.length && (!original || text.slice(start, end) === original)) return { start, end }
  if (!original) return {}
  const found = text.indexOf(original)
  return found >= 0 ? { start: found, end: found + original.length } : {}
}
