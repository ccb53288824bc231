'use client'
import Link from 'next/link'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Card, Notice } from '@/components/ui/card'
import { useApp } from '@/lib/client/app-context'
import { loadAllConversations, loadConversation } from '@/lib/client/history-calls'
import { useScenarios } from '@/lib/client/use-scenarios'
import type { Conversation } from '@/lib/conversation'
import { formatWhen, historyEntry, scenarioLabel } from '@/lib/history'
import { exportJson, exportMarkdown, ImportExport } from './import-export'
import { SearchBox } from './search-box'

/** The learner's history: search, every conversation with its time, scenario and first line, export and import. */
export function HistoryView() {
  const { region } = useApp()
  const [conversations, setConversations] = useState<Conversation[]>()
  const [error, setError] = useState<string>()
  const { scenarios } = useScenarios(region)
  const titles = useMemo(() => new Map((scenarios ?? []).map((s) => [s.id, s.title])), [scenarios])

  const reload = useCallback(() => {
    loadAllConversations()
      .then(setConversations)
      .catch((e: Error) => setError(e.message))
  }, [])
  useEffect(reload, [reload])

  if (error) return <Notice kind="error">Could not load your conversations: {error}</Notice>
  if (!conversations) return <p className="text-muted">Loading…</p>
  const last = conversations[0]
  return (
    <div className="space-y-6">
      {last ? (
        <Button asChild>
          <Link href={`/chat?c=${last.id}`}>Continue “{last.title}”</Link>
        </Button>
      ) : null}
      <SearchBox />
      <Card aria-labelledby="all-title">
        <h2 id="all-title" className="mb-2 font-semibold">
          All conversations ({conversations.length})
        </h2>
        {conversations.length === 0 ? (
          <p className="text-sm text-muted">
            No conversations yet.{' '}
            <Link className="text-accent underline" href="/chat">
              Start one in Chat
            </Link>
            , or import an export below.
          </p>
        ) : (
          <ul className="divide-y divide-border" data-testid="history-list">
            {conversations.map((c) => {
              const e = historyEntry(c)
              return (
                <li key={c.id} className="flex flex-wrap items-center gap-2 py-2">
                  <Link
                    href={`/chat?c=${c.id}`}
                    className="min-w-0 flex-1 rounded-md hover:underline focus-visible:outline-2"
                  >
                    <span className="block truncate font-medium">{e.title}</span>
                    <span className="block text-xs text-muted">
                      <time dateTime={e.when}>{formatWhen(e.when)}</time> · {scenarioLabel(e.scenario, titles)} ·{' '}
                      {e.messages} message{e.messages === 1 ? '' : 's'}
                    </span>
                    {e.preview ? <span className="block truncate text-sm text-muted">{e.preview}</span> : null}
                  </Link>
                  <span className="flex gap-1">
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Export ${e.title} as JSON`}
                      onClick={async () => exportJson([(await loadConversation(c.id)) ?? c], e.title)}
                    >
                      JSON
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Export ${e.title} as Markdown`}
                      onClick={async () => exportMarkdown([(await loadConversation(c.id)) ?? c], e.title)}
                    >
                      Markdown
                    </Button>
                  </span>
                </li>
              )
            })}
          </ul>
        )}
      </Card>
      <ImportExport conversations={conversations} onImported={reload} />
    </div>
  )
}
