import type { FeedbackResponse } from '@parley/core'
import { CATEGORY_LABEL } from '@/lib/categories'

/** Corrections, better words and tips for one learner message. */
export function FeedbackPanel({
  feedback,
  layer,
}: {
  feedback: FeedbackResponse | undefined
  /** `rules`: the instant grammar check, with the AI check still to come; `llm`: both checks merged. */
  layer?: 'rules' | 'llm'
}) {
  if (!feedback) return <p className="text-sm text-muted">Feedback on your messages appears here.</p>
  const nothing = !feedback.issues.length && !feedback.betterWords.length && !feedback.tips.length
  return (
    <div className="space-y-4 text-sm [overflow-wrap:anywhere]" data-testid="feedback-panel" data-layer={layer}>
      {layer ? (
        <p className="text-xs text-muted" data-testid="feedback-layer" aria-live="polite">
          {layer === 'rules'
            ? 'Quick check by the grammar rules; the AI check is on its way…'
            : 'Checked by the grammar rules and the AI tutor.'}
        </p>
      ) : null}
      {feedback.degraded ? (
        <p className="text-xs text-muted">
          Only the grammar rules checked this message (the AI check was unavailable).
        </p>
      ) : null}
      {nothing ? <p>No corrections. Well done!</p> : null}
      {feedback.issues.length ? (
        <section aria-labelledby="fb-corrections">
          <h3 id="fb-corrections" className="mb-1 font-semibold">
            Corrections
          </h3>
          <ul className="space-y-3 leading-7">
            {feedback.issues.map((issue) => (
              <li key={`${issue.start}-${issue.end}-${issue.category}`}>
                <span className={`fb-${issue.category}`}>{issue.original}</span>
                {issue.suggestions[0] ? (
                  <>
                    {' '}
                    → <strong>{issue.suggestions[0]}</strong>
                  </>
                ) : null}{' '}
                <span className="text-xs text-muted">({CATEGORY_LABEL[issue.category]})</span>
                <p className="text-muted">{issue.explanation}</p>
              </li>
            ))}
          </ul>
          {feedback.corrected ? (
            <p className="mt-2">
              <span className="font-medium">Corrected:</span> {feedback.corrected}
            </p>
          ) : null}
        </section>
      ) : null}
      {feedback.betterWords.length ? (
        <section aria-labelledby="fb-better">
          <h3 id="fb-better" className="mb-1 font-semibold">
            Better words
          </h3>
          <ul className="space-y-1">
            {feedback.betterWords.map((w) => (
              <li key={`${w.original}-${w.better}`}>
                {w.original} → <strong>{w.better}</strong> <span className="text-muted">{w.why}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {feedback.tips.length ? (
        <section aria-labelledby="fb-tips">
          <h3 id="fb-tips" className="mb-1 font-semibold">
            Tips
          </h3>
          <ul className="list-disc space-y-1 pl-5">
            {feedback.tips.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}
