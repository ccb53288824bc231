'use client'
import Link from 'next/link'
import { useMemo, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Notice } from '@/components/ui/card'
import { useTempChat } from '@/lib/client/use-temp-chat'
import { formatWhen } from '@/lib/history'
import { Composer } from './composer'
import { FeedbackPanel } from './feedback-panel'
import { MessageList } from './message-list'

/** A chat that is not saved: the same conversation view, with a banner saying so and when it will be gone. */
export function TempChatApp({ initialId }: { initialId: string | undefined }) {
  const chat = useTempChat(initialId)
  const [selected, setSelected] = useState<number>()
  const turns = chat.chat?.conversation ?? []
  const shown = useMemo(() => {
    if (selected !== undefined && turns[selected]?.role === 'user') return selected
    for (let i = turns.length - 1; i >= 0; i--) if (turns[i]!.role === 'user') return i
    return undefined
  }, [selected, turns])
  const expires = chat.chat?.expiresAt ? formatWhen(chat.chat.expiresAt) : undefined

  return (
    <div className="flex min-h-0 flex-1">
      <section className="flex min-h-0 min-w-0 flex-1 flex-col" aria-label="Temporary conversation">
        <div
          role="status"
          data-testid="temp-banner"
          className="flex flex-wrap items-center gap-2 border-b border-border bg-surface px-3 py-2 text-sm"
        >
          <span>
            <strong>Temporary chat.</strong> Not saved to your history, not scored
            {expires
              ? `; deleted from the server at ${expires}.`
              : '; deleted from the server when it expires (24 hours after it starts, unless the operator set another time).'}
          </span>
          <span className="ml-auto flex gap-2">
            {chat.chat ? (
              <Button size="sm" variant="secondary" onClick={() => void chat.discard()}>
                Delete now
              </Button>
            ) : null}
            <Button asChild size="sm" variant="ghost">
              <Link href="/chat">Back to saved chats</Link>
            </Button>
          </span>
        </div>
        {chat.notice ? (
          <div className="p-3">
            <Notice kind="error">{chat.notice}</Notice>
          </div>
        ) : null}
        {chat.expired ? (
          <div
            className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center"
            data-testid="temp-expired"
          >
            <p>This temporary chat has expired and was deleted.</p>
            <Button onClick={() => void chat.discard()}>Start a new temporary chat</Button>
          </div>
        ) : turns.length === 0 && chat.streamingText === undefined ? (
          <div className="flex flex-1 items-center justify-center p-6 text-center text-muted">
            <p>Say anything: nothing here is kept once it expires.</p>
          </div>
        ) : (
          <MessageList
            turns={turns}
            streamingText={chat.streamingText}
            selected={shown}
            onSelect={setSelected}
            onRetry={undefined}
            busy={chat.busy}
          />
        )}
        {chat.expired ? null : (
          <Composer
            conversationId={`temp-${chat.chat?.id ?? 'new'}`}
            busy={chat.busy}
            streaming={chat.streamingText !== undefined}
            onSend={(text) => {
              setSelected(undefined)
              void chat.send(text)
            }}
            onStop={chat.stop}
          />
        )}
      </section>
      <aside className="hidden w-80 shrink-0 overflow-y-auto border-l border-border p-4 lg:block" aria-label="Feedback">
        <h2 className="mb-2 font-semibold">Feedback</h2>
        <FeedbackPanel feedback={shown !== undefined ? turns[shown]?.feedback : undefined} />
      </aside>
    </div>
  )
}
