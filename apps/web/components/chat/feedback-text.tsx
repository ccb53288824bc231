'use client'
import type { FeedbackIssue } from '@parley/core'
import { type PointerEvent, useState } from 'react'
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
  // Hovering shows the fix; clicking (or Enter/Space) pins it open until Escape or a click elsewhere.
  const [open, setOpen] = useState(false)
  const [pinned, setPinned] = useState(false)
  const mouse = (e: PointerEvent) => e.pointerType === 'mouse'
  return (
    <Popover
      open={open}
      onOpenChange={(o) => {
        setOpen(o)
        if (!o) setPinned(false)
      }}
    >
      <PopoverTrigger asChild>
        <button
          type="button"
          data-category={issue.category}
          className={`fb-${issue.category} cursor-help rounded-sm focus-visible:outline-2 focus-visible:outline-current`}
          aria-label={`${text}: ${CATEGORY_LABEL[issue.category]} issue${suggestion ? `, suggestion ${suggestion}` : ''}`}
          onPointerEnter={(e) => mouse(e) && setOpen(true)}
          onPointerLeave={(e) => mouse(e) && !pinned && setOpen(false)}
          onClick={(e) => {
            // Handled here rather than by Radix's toggle, so a click on a hovered span pins it instead of closing it.
            e.preventDefault()
            const pin = !pinned
            setPinned(pin)
            setOpen(pin)
          }}
        >
          {text}
        </button>
      </PopoverTrigger>
      <PopoverContent label={`${CATEGORY_LABEL[issue.category]} feedback`} focusOnOpen={pinned}>
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
