import type { ScoreAspect, ScoreResponse } from '@parley/core'

/** In the contract's order (kept here as a value: the client bundle takes only types from @parley/core). */
export const ASPECT_LABEL: Record<ScoreAspect, string> = {
  written_fluency: 'Written fluency',
  vocabulary: 'Vocabulary',
  grammar: 'Grammar',
  comprehension: 'Comprehension',
  coherence: 'Coherence',
  digital_etiquette: 'Digital etiquette',
  responsiveness: 'Responsiveness',
  clarity: 'Clarity',
  overall_communication: 'Overall communication',
}

type Props = {
  score: ScoreResponse | undefined
  /** The latest turn's scores are still on their way (the reply is done, the stream is not). */
  scoring?: boolean
  /** The conversation holds a learner message (an unscored one was stored without scores, or imported). */
  learnerWrote?: boolean
}

/** Why there are no scores yet, in the learner's situation rather than one line for all. */
function noScoreLine(scoring: boolean, learnerWrote: boolean): string {
  if (scoring) return 'Scoring this conversation… the scores come a few seconds after the reply.'
  if (learnerWrote) return 'No scores for this conversation yet: they come with the tutor’s next reply.'
  return 'Scores appear after your first message.'
}

/** The nine aspect scores as labelled meters, each with its justification in view, and the CEFR estimate. */
export function ScoreBars({ score, scoring = false, learnerWrote = false }: Props) {
  if (!score)
    return (
      <p className="text-sm text-muted" data-testid="scores-pending" aria-live="polite">
        {noScoreLine(scoring, learnerWrote)}
      </p>
    )
  return (
    <div className="space-y-2" data-testid="score-bars">
      <p className="text-sm">
        Level estimate:{' '}
        <strong className="text-lg" data-testid="cefr">
          {score.cefr.level}
        </strong>{' '}
        <span className="text-muted">({Math.round(score.cefr.confidence * 100)}% confident)</span>
      </p>
      {(Object.keys(ASPECT_LABEL) as ScoreAspect[]).map((aspect) => {
        const a = score.aspects[aspect]
        const value = Math.round(a?.score ?? 0)
        return (
          <div key={aspect}>
            <div className="flex justify-between text-xs">
              <span id={`aspect-${aspect}`}>{ASPECT_LABEL[aspect]}</span>
              <span>{value}</span>
            </div>
            {/* biome-ignore lint/a11y/useSemanticElements: <meter> cannot be styled consistently; the ARIA meter is equivalent */}
            <div
              role="meter"
              aria-labelledby={`aspect-${aspect}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={value}
              className="h-2 overflow-hidden rounded bg-surface"
            >
              <div className="h-full rounded bg-accent" style={{ width: `${value}%` }} />
            </div>
            {/* Shown, not hidden in a tooltip: what the score is made of, quoting the learner's own words. */}
            {a?.justification && (
              <p className="mt-0.5 text-xs text-muted" data-testid={`justification-${aspect}`}>
                {a.justification}
              </p>
            )}
          </div>
        )
      })}
    </div>
  )
}
