'use client'
import { useEffect, useRef } from 'react'
import { Markdown } from '@/components/markdown'
import { Button } from '@/components/ui/button'
import { cn } from '@/lib/cn'
import type { Turn } from '@/lib/conversation'
import { FeedbackText } from './feedback-text'

type Props = {
  turns: Turn[]
  streamingText: string | undefined
  selected: number | undefined
  onSelect: (index: number) => void
  onRetry: (() => void) | undefined
  /** A turn is in flight: the newest learner message may still be waiting for its feedback. */
  busy: boolean
}

/** The conversation, newest at the bottom; learner turns show their feedback inline, tutor turns render Markdown. */
export function MessageList({ turns, streamingText, selected, onSelect, onRetry, busy }: Props) {
  const end = useRef<HTMLDivElement>(null)
  // Block body on purpose: newer Chromium returns a Promise from scrollIntoView, which React would take for a cleanup.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll again whenever a turn or a token arrives
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' })
  }, [turns.length, streamingText])
  const lastIndex = turns.length - 1
  return (
    <div className="flex-1 space-y-3 overflow-y-auto p-4" aria-live="polite" aria-busy={streamingText !== undefined}>
      {turns.map((t, i) =>
        t.role === 'user' ? (
          <div
            key={`${t.role}-${t.at ?? t.content.slice(0, 40)}`}
            className="flex justify-end"
            data-testid="user-message"
          >
            <div className={cn('max-w-[85%] rounded-lg bg-surface px-3 py-2', selected === i && 'ring-2 ring-accent')}>
              <FeedbackText text={t.content} issues={t.feedback?.issues ?? []} />
              <button
                type="button"
                className="mt-1 text-xs text-muted underline"
                onClick={() => onSelect(i)}
                aria-label="Show feedback for this message"
              >
                {t.feedback
                  ? `${t.feedback.issues.length} correction${t.feedback.issues.length === 1 ? '' : 's'}`
                  : busy && i >= lastIndex - 1
                    ? 'Checking…'
                    : 'No feedback (the checker was unavailable)'}
              </button>
            </div>
          </div>
        ) : (
          <div key={`${t.role}-${t.at ?? t.content.slice(0, 40)}`} className="flex" data-testid="assistant-message">
            <div className="max-w-[85%] rounded-lg border border-border px-3 py-2 [overflow-wrap:anywhere]">
              <Markdown text={t.content} />
              {t.stopped ? <p className="mt-1 text-xs text-muted">Stopped.</p> : null}
              {t.failed ? (
                <p role="alert" className="mt-1 text-sm text-danger">
                  {t.failed}
                </p>
              ) : null}
              {i === lastIndex && onRetry && (t.failed || t.stopped) ? (
                <Button size="sm" variant="secondary" className="mt-2" onClick={onRetry}>
                  Retry
                </Button>
              ) : null}
            </div>
          </div>
        ),
      )}
      {streamingText !== undefined ? (
        <div className="flex" data-testid="assistant-streaming">
          <div className="max-w-[85%] rounded-lg border border-accent px-3 py-2 [overflow-wrap:anywhere]">
            {streamingText ? <Markdown text={streamingText} /> : <span className="text-muted">Thinking…</span>}
          </div>
        </div>
      ) : null}
      <div ref={end} />
    </div>
  )
}
