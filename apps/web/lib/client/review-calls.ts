'use client'
import type { FeedbackResponse, Learner } from '@parley/core'
import { emptyReviewState, type ReviewState } from '../review'
import { REVIEW_ROW_MARKER, REVIEW_ROW_TITLE, reviewRowId } from '../review-row'
import { ApiError, callJson, gw } from './api'

let rowId: Promise<string> | undefined
const myRowId = () => {
  rowId ??= callJson<{ sub: string }>('/api/auth/me').then((r) => reviewRowId(r.data.sub))
  return rowId
}

/** The learner's schedule; none stored yet (or unreadable) is an empty one, never an error page. */
export async function loadReviewState(): Promise<ReviewState> {
  try {
    const r = await gw<{ conversation?: { content?: string }[] }>(`conversations/${await myRowId()}`)
    const content = r.data.conversation?.[0]?.content ?? ''
    const parsed = JSON.parse(content.slice(REVIEW_ROW_MARKER.length)) as ReviewState
    return parsed?.version === 1 && parsed.cards && typeof parsed.cards === 'object' ? parsed : emptyReviewState()
  } catch (err) {
    if (err instanceof ApiError && err.status !== 404) throw err
    return emptyReviewState()
  }
}

export async function saveReviewState(state: ReviewState): Promise<void> {
  await gw('conversations', {
    method: 'POST',
    json: {
      id: await myRowId(),
      title: REVIEW_ROW_TITLE,
      conversation: [{ role: 'system', content: `${REVIEW_ROW_MARKER}${JSON.stringify(state)}` }],
    },
  })
}

/** The scoring worker's feedback on the learner's rewrite. */
export async function checkSentence(region: string, text: string, learner: Learner): Promise<FeedbackResponse> {
  return (
    await gw<FeedbackResponse>(`${region}/feedback`, { method: 'POST', json: { text: text.slice(0, 4000), learner } })
  ).data
}
