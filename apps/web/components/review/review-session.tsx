'use client'
import Link from 'next/link'
import { type FormEvent, useEffect, useState } from 'react'
import { FeedbackText } from '@/components/chat/feedback-text'
import { Button } from '@/components/ui/button'
import { Card, Notice } from '@/components/ui/card'
import { Textarea } from '@/components/ui/input'
import { CATEGORY_LABEL } from '@/lib/categories'
import { useApp } from '@/lib/client/app-context'
import { loadAllConversations } from '@/lib/client/history-calls'
import { checkSentence, loadReviewState, saveReviewState } from '@/lib/client/review-calls'
import { learnerOf } from '@/lib/client/tutor'
import { checkRewrite, collectItems, dueItems, type ReviewItem, type ReviewState } from '@/lib/review'
import { grade } from '@/lib/review-grade'

type Result = { correct: boolean; reason: string; corrected: string; due: Date; issues: number }

/** One card at a time: the learner's own sentence, their rewrite, the check, and when it comes back. */
export function ReviewSession() {
  const { region, settings } = useApp()
  const [queue, setQueue] = useState<ReviewItem[]>()
  const [state, setState] = useState<ReviewState>()
  const [total, setTotal] = useState(0)
  const [error, setError] = useState<string>()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<Result>()
  const [hint, setHint] = useState(false)

  useEffect(() => {
    Promise.all([loadAllConversations(), loadReviewState()])
      .then(([conversations, s]) => {
        const items = collectItems(conversations)
        setTotal(items.length)
        setState(s)
        setQueue(dueItems(items, s, new Date()))
      })
      .catch((e: Error) => setError(e.message))
  }, [])

  if (error) return <Notice kind="error">Could not load your review: {error}</Notice>
  if (!queue || !state) return <p className="text-muted">Loading…</p>
  if (total === 0)
    return (
      <Card>
        <p>
          Nothing to review yet.{' '}
          <Link className="text-accent underline" href="/chat">
            Chat with the tutor
          </Link>
          : every mistake it corrects becomes a card here.
        </p>
      </Card>
    )
  const item = queue[0]
  if (!item) {
    const next = Object.values(state.cards)
      .map((c) => c.due)
      .sort()[0]
    return (
      <Card data-testid="review-done">
        <p className="font-medium">All done for now.</p>
        <p className="text-sm text-muted">
          {next ? `The next card is due ${new Date(next).toLocaleString()}.` : 'New cards appear as you chat.'}
        </p>
      </Card>
    )
  }

  async function check(e: FormEvent) {
    e.preventDefault()
    if (!item || !state || !text.trim()) return
    setBusy(true)
    setError(undefined)
    try {
      const feedback = await checkSentence(region, text, learnerOf(settings))
      const verdict = checkRewrite(item, text, feedback)
      const next = grade(state, item.key, verdict.correct, new Date())
      await saveReviewState(next.state)
      setState(next.state)
      setResult({ ...verdict, corrected: item.corrected, due: next.due, issues: feedback.issues.length })
    } catch (err) {
      setError(`The check failed: ${(err as Error).message}. Your answer was not graded; try again.`)
    } finally {
      setBusy(false)
    }
  }

  function nextCard() {
    setQueue((q) => (q ?? []).slice(1))
    setText('')
    setResult(undefined)
    setHint(false)
  }

  return (
    <Card aria-labelledby="card-title" data-testid="review-card">
      <p className="mb-2 text-sm text-muted" role="status">
        {queue.length} card{queue.length === 1 ? '' : 's'} to go
        {item.count > 1 ? ` · you made this mistake ${item.count} times` : ''}
      </p>
      <h2 id="card-title" className="mb-1 font-semibold">
        Rewrite your sentence without the mistake
      </h2>
      <blockquote className="mb-3 rounded-md bg-surface px-3 py-2" data-testid="review-sentence">
        <FeedbackText text={item.sentence} issues={[]} />
      </blockquote>
      {hint ? (
        <p className="mb-3 text-sm">
          {CATEGORY_LABEL[item.category]}: <span className={`fb-${item.category}`}>{item.original}</span>
          {item.explanation ? ` — ${item.explanation}` : ''}
        </p>
      ) : (
        <Button variant="ghost" size="sm" className="mb-3" onClick={() => setHint(true)}>
          Show a hint
        </Button>
      )}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {result ? (
        <div className="space-y-3">
          <Notice kind={result.correct ? 'success' : 'error'}>
            <span data-testid="review-verdict">{result.reason}</span>
          </Notice>
          {!result.correct && result.corrected ? (
            <p className="text-sm">
              A corrected version: <strong>{result.corrected}</strong>
            </p>
          ) : null}
          <p className="text-sm text-muted">Comes back {result.due.toLocaleString()}.</p>
          <Button onClick={nextCard}>Next</Button>
        </div>
      ) : (
        <form onSubmit={check} className="space-y-2">
          <label htmlFor="rewrite" className="block text-sm font-medium">
            Your rewrite
          </label>
          <Textarea id="rewrite" rows={3} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} />
          <Button type="submit" disabled={busy || !text.trim()}>
            {busy ? 'Checking…' : 'Check'}
          </Button>
        </form>
      )}
    </Card>
  )
}
