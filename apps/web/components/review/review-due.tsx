'use client'
import Link from 'next/link'
import { useEffect, useState } from 'react'
import { loadReviewState } from '@/lib/client/review-calls'
import type { Conversation } from '@/lib/conversation'
import { collectItems, dueItems } from '@/lib/review'

/** On the home screen: how many review cards are due, linking to Review. Nothing when none are. */
export function ReviewDue({ conversations }: { conversations: Conversation[] }) {
  const [due, setDue] = useState(0)
  useEffect(() => {
    if (conversations.length === 0) return
    let live = true
    loadReviewState()
      .then((s) => live && setDue(dueItems(collectItems(conversations), s, new Date()).length))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [conversations])
  if (due === 0) return null
  return (
    <Link
      href="/review"
      data-testid="review-due"
      className="block rounded-md border border-accent px-3 py-2 text-sm hover:bg-surface focus-visible:outline-2"
    >
      <strong>
        {due} mistake{due === 1 ? '' : 's'} to review
      </strong>{' '}
      — rewrite them and they stick.
    </Link>
  )
}
