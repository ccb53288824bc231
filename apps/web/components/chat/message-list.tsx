'use client'
import { useEffect } from 'react'
import { Markdown } from '@/components/markdown'
import { Button } from '@/components/ui/button'
import { useFollowScroll } from '@/lib/client/use-follow-scroll'
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
  /** A turn to bring into view and highlight (a search result opens here). */
  focusTurn?: number
}

/** The conversation, newest at the bottom; learner turns show their feedback inline, tutor turns render Markdown. */
export function MessageList({ turns, streamingText, selected, onSelect, onRetry, busy, focusTurn }: Props) {
  const follow = useFollowScroll<HTMLDivElement>(`${turns.length}:${streamingText?.length ?? -1}`)
  const { stopFollowing } = follow
  useEffect(() => {
    if (focusTurn === undefined || !follow.ref.current) return
    const el = follow.ref.current.querySelector<HTMLElement>(`[data-turn="${focusTurn}"]`)
    if (!el) return
    stopFollowing()
    el.scrollIntoView({ block: 'center' })
  }, [focusTurn, follow.ref, stopFollowing])
  const lastIndex = turns.length - 1
  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={follow.ref}
        onScroll={follow.onScroll}
        className="min-h-0 flex-1 space-y-3 overflow-y-auto overscroll-contain p-4"
        data-testid="message-list"
        aria-live="polite"
        aria-busy={streamingText !== undefined}
      >
        {turns.map((t, i) =>
          t.role === 'user' ? (
            <div
              key={`${t.role}-${t.at ?? t.content.slice(0, 40)}`}
              className="flex justify-end"
              data-testid="user-message"
              data-turn={i}
            >
              <div
                className={cn(
                  'max-w-[85%] rounded-lg bg-surface px-3 py-2',
                  selected === i && 'ring-2 ring-accent',
                  focusTurn === i && 'outline-2 outline-offset-2 outline-amber-500',
                )}
              >
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
            <div
              key={`${t.role}-${t.at ?? t.content.slice(0, 40)}`}
              className="flex"
              data-testid="assistant-message"
              data-turn={i}
            >
              <div
                className={cn(
                  'max-w-[85%] rounded-lg border border-border px-3 py-2 [overflow-wrap:anywhere]',
                  focusTurn === i && 'outline-2 outline-offset-2 outline-amber-500',
                )}
              >
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
      </div>
      {follow.away ? (
        <Button
          size="sm"
          variant="secondary"
          className="absolute bottom-3 left-1/2 -translate-x-1/2 shadow-md"
          onClick={follow.toEnd}
        >
          ↓ Latest message
        </Button>
      ) : null}
    </div>
  )
}
