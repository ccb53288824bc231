/** The tutor's tunables, taken from config at the entry point. */
export type TutorSettings = {
  tutorName: string
  defaultModel: string
  /** Upper bound on the context asked of the model. */
  numCtx: number
  maxReplyTokens: number
  /** Sentences after which a reply is stopped (also stopped at the first repeated sentence). */
  maxReplySentences?: number
  /** Repeat penalty (1 = off) and the window of recent tokens it looks at. */
  repeatPenalty?: number
  repeatLastN?: number
  temperature: number
  summaryTimeoutMs: number
  maxBodyBytes: number
  /** The region token accounting names (CHAT_REGION; default `local`). */
  region?: string
}
