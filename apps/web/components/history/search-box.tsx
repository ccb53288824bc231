'use client'
import Link from 'next/link'
import { type FormEvent, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Notice } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { useApp } from '@/lib/client/app-context'
import { searchConversations } from '@/lib/client/history-calls'
import { formatWhen, oneLine } from '@/lib/history'
import { hitHref, type SearchHit } from '@/lib/search'

/** One box: title words and meaning together; each result opens the conversation at its matching turn. */
export function SearchBox() {
  const { region, settings } = useApp()
  const [query, setQuery] = useState('')
  const [result, setResult] = useState<{ query: string; hits: SearchHit[]; meaningError?: string }>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  async function submit(e: FormEvent) {
    e.preventDefault()
    const q = query.trim()
    if (!q) return
    setBusy(true)
    setError(undefined)
    try {
      setResult({ query: q, ...(await searchConversations(region, q, settings?.embedModel || undefined)) })
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section aria-labelledby="search-title" className="space-y-3">
      <h2 id="search-title" className="sr-only">
        Search
      </h2>
      <search>
        <form onSubmit={submit} className="flex gap-2">
          <label htmlFor="history-search" className="sr-only">
            Search your conversations
          </label>
          <Input
            id="history-search"
            type="search"
            maxLength={200}
            placeholder="Search your conversations…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <Button type="submit" disabled={busy || !query.trim()}>
            {busy ? 'Searching…' : 'Search'}
          </Button>
        </form>
      </search>
      {error ? <Notice kind="error">Search failed: {error}</Notice> : null}
      {result ? (
        <div data-testid="search-results">
          {result.meaningError ? (
            <Notice>Only titles were searched: the search by meaning failed ({result.meaningError}).</Notice>
          ) : null}
          {result.hits.length === 0 ? (
            <p className="text-sm text-muted">Nothing matches “{result.query}”. Try other words.</p>
          ) : (
            <ul className="divide-y divide-border rounded-md border border-border">
              {result.hits.map((h) => (
                <li key={h.conversation.id}>
                  <Link href={hitHref(h)} className="block px-3 py-2 hover:bg-surface focus-visible:outline-2">
                    <span className="block font-medium">{h.conversation.title}</span>
                    <span className="block text-xs text-muted">
                      {h.by === 'title'
                        ? 'Title matches'
                        : `Similar in meaning (${Math.round((h.similarity ?? 0) * 100)}%)`}
                      {' · '}
                      {formatWhen(h.conversation.updated_at)}
                    </span>
                    {h.turn !== undefined ? (
                      <span className="block truncate text-sm text-muted">
                        “{oneLine(h.conversation.conversation[h.turn]?.content ?? '', 120)}”
                      </span>
                    ) : null}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </section>
  )
}
