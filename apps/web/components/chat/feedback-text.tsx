'use client'
import type { FeedbackIssue } from '@parley/core'
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover'
import { CATEGORY_LABEL } from '@/lib/categories'
import { segmentText } from '@/lib/feedback-segments'

/** A learner message with each flagged span underlined; clicking, hovering or focusing one shows the fix. */
export function FeedbackText({ text, issues }: { text: string; issues: readonly FeedbackIssue[] }) {
  return (
    <p className="whitespace-pre-wrap break-words">
      {segmentText(text, issues).map((seg) =>
        seg.issue ? (
          <IssueSpan key={seg.start} text={seg.text} issue={seg.issue} />
        ) : (
          <span key={seg.start}>{seg.text}</span>
        ),
      )}
    </p>
  )
}

function IssueSpan({ text, issue }: { text: string; issue: FeedbackIssue }) {
  const suggestion = issue.suggestions[0]
  return (
    <Popover>
      <PopoverTrigger asChild>
        <button
          type="button"
          data-category={issue.category}
          className={`fb-${issue.category} cursor-help rounded-sm focus-visible:outline-2 focus-visible:outline-current`}
          aria-label={`${text}: ${CATEGORY_LABEL[issue.category]} issue${suggestion ? `, suggestion ${suggestion}` : ''}`}
        >
          {text}
        </button>
      </PopoverTrigger>
      <PopoverContent label={`${CATEGORY_LABEL[issue.category]} feedback`}>
        <p className="text-xs font-semibold uppercase tracking-wide text-muted">{CATEGORY_LABEL[issue.category]}</p>
        {suggestion ? (
          <p className="mt-1">
            <del className="text-muted">{issue.original || text}</del> → <strong>{suggestion}</strong>
          </p>
        ) : null}
        {issue.suggestions.length > 1 ? (
          <p className="mt-1 text-xs text-muted">Also: {issue.suggestions.slice(1, 4).join(', ')}</p>
        ) : null}
        <p className="mt-2">{issue.explanation}</p>
      </PopoverContent>
    </Popover>
  )
}
