/** The tutor's tunables, taken from config at the entry point. */
export type TutorSettings = {
  tutorName: string
  defaultModel: string
  /** Upper bound on the context asked of the model. */
  numCtx: number
  maxReplyTokens: number
  temperature: number
  summaryTimeoutMs: number
  maxBodyBytes: number
}
