import type { Conversation } from './conversation'

/** A search result: the conversation, why it matched, and the turn to open it at. */
export type SearchHit = {
  conversation: Conversation
  by: 'title' | 'meaning'
  /** Cosine similarity for meaning hits (1 = same direction). */
  similarity?: number
  turn: number | undefined
}

const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}']{3,}/gu) ?? [])

/**
 * The turn that best matches the query: the most query words in common (ties go to the earliest), so a result
 * opens where the learner's words are. `undefined` when no turn shares a word (the conversation opens at the end).
 */
export function matchingTurn(c: Conversation, query: string): number | undefined {
  const q = words(query)
  if (q.size === 0) return undefined
  let best: number | undefined
  let bestCount = 0
  c.conversation.forEach((t, i) => {
    const w = words(t.content)
    let n = 0
    for (const x of q) if (w.has(x)) n++
    if (n > bestCount) {
      best = i
      bestCount = n
    }
  })
  return best
}

/** Weaker meaning hits than this are noise from an unrelated conversation. */
export const MIN_SIMILARITY = 0.2

/** Title hits first (exact words the learner remembers), then meaning hits not already listed, most similar first. */
export function mergeHits(
  query: string,
  byTitle: readonly Conversation[],
  byMeaning: readonly (Conversation & { similarity?: number })[],
): SearchHit[] {
  const seen = new Set<string>()
  const hits: SearchHit[] = []
  for (const c of byTitle) {
    seen.add(c.id)
    hits.push({ conversation: c, by: 'title', turn: matchingTurn(c, query) })
  }
  for (const c of [...byMeaning].sort((a, b) => (b.similarity ?? 0) - (a.similarity ?? 0))) {
    if (seen.has(c.id) || (c.similarity ?? 0) < MIN_SIMILARITY) continue
    seen.add(c.id)
    hits.push({ conversation: c, by: 'meaning', similarity: c.similarity, turn: matchingTurn(c, query) })
  }
  return hits
}

/** Where a hit opens: the chat page at its matching turn. */
export function hitHref(hit: SearchHit): string {
  return `/chat?c=${hit.conversation.id}${hit.turn !== undefined ? `&t=${hit.turn}` : ''}`
}
