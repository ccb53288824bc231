/**
 * The learner's review schedule is kept through the conversations API, as one reserved row per learner (a `system`
 * turn holding the JSON), so it follows them across devices and deployments with no new service. Every reader of
 * conversations drops this row (normalizeConversation), so it never shows as a conversation.
 */
export const REVIEW_ROW_TITLE = 'Parley review schedule'
export const REVIEW_ROW_MARKER = 'parley.review-state/v1\n'

export function isReviewRow(raw: { title?: unknown; conversation?: unknown }): boolean {
  const first = Array.isArray(raw.conversation)
    ? (raw.conversation[0] as { role?: unknown; content?: unknown })
    : undefined
  return (
    raw.title === REVIEW_ROW_TITLE &&
    first?.role === 'system' &&
    typeof first.content === 'string' &&
    first.content.startsWith(REVIEW_ROW_MARKER)
  )
}

/** A stable UUID (version 8, RFC 9562 custom) for the learner's review row, from their user id. */
export async function reviewRowId(sub: string): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`parley-review:${sub}`)))
  hash[6] = (hash[6]! & 0x0f) | 0x80
  hash[8] = (hash[8]! & 0x3f) | 0x80
  const hex = [...hash.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}
