'use client'
import Link from 'next/link'
import { useEffect, useMemo, useRef, useState } from 'react'
import { ReviewDue } from '@/components/review/review-due'
import { Button } from '@/components/ui/button'
import { Notice } from '@/components/ui/card'
import { Dialog, DialogTrigger, DrawerContent } from '@/components/ui/dialog'
import { useApp } from '@/lib/client/app-context'
import { useChat } from '@/lib/client/use-chat'
import { useScenarios } from '@/lib/client/use-scenarios'
import { latestScore, scenarioOf } from '@/lib/conversation'
import { Composer } from './composer'
import { ConversationList } from './conversation-list'
import { FeedbackPanel } from './feedback-panel'
import { GoalBar } from './goal-bar'
import { MessageList } from './message-list'
import { ScenarioPicker } from './scenario-picker'
import { ScoreBars } from './score-bars'

/** The chat page: list on the left (a drawer on phones), the conversation, and feedback with scores on the right. */
export function ChatApp({ initialId, initialTurn }: { initialId: string | undefined; initialTurn?: number }) {
  const { region } = useApp()
  const chat = useChat(initialId)
  const [drawer, setDrawer] = useState(false)
  const [selected, setSelected] = useState<number>()
  const [focusTurn, setFocusTurn] = useState(initialTurn)
  const turns = chat.current?.conversation ?? []
  const { scenarios } = useScenarios(region)
  const scenarioTitles = useMemo(() => new Map((scenarios ?? []).map((s) => [s.id, s.title])), [scenarios])

  // Plain /chat reopens the most recent conversation (once, when the list arrives), not a blank page.
  const reopened = useRef(initialId !== undefined)
  const { list, current, open } = chat
  useEffect(() => {
    if (reopened.current || current || list.length === 0) return
    reopened.current = true
    void open(list[0]!.id)
  }, [list, current, open])

  // The panel follows the newest learner message unless the learner picked another one.
  const shown = useMemo(() => {
    if (selected !== undefined && turns[selected]?.role === 'user') return selected
    for (let i = turns.length - 1; i >= 0; i--) if (turns[i]!.role === 'user') return i
    return undefined
  }, [selected, turns])

  const sidebar = (
    <div className="flex flex-col gap-3">
      <ReviewDue conversations={chat.list} />
      <ScenarioPicker
        region={region}
        onPick={(s) => {
          setDrawer(false)
          setSelected(undefined)
          void chat.start(s)
        }}
      />
      <Button asChild variant="secondary" className="w-full">
        <Link href="/temporary">Temporary chat (not saved)</Link>
      </Button>
      <ConversationList
        conversations={chat.list}
        currentId={chat.current?.id}
        onOpen={(id) => {
          setDrawer(false)
          setSelected(undefined)
          setFocusTurn(undefined)
          void chat.open(id)
        }}
        scenarioTitles={scenarioTitles}
        onRename={chat.rename}
        onDelete={chat.remove}
        onDeleteAll={chat.removeAll}
      />
    </div>
  )

  const insights = (
    <div className="space-y-6">
      <section aria-labelledby="scores-title">
        <h2 id="scores-title" className="mb-2 font-semibold">
          This conversation
        </h2>
        <ScoreBars
          score={latestScore(turns)}
          scoring={!!chat.current && chat.scoring.has(chat.current.id)}
          learnerWrote={turns.some((t) => t.role === 'user')}
        />
      </section>
      <section aria-labelledby="feedback-title">
        <h2 id="feedback-title" className="mb-2 font-semibold">
          Feedback
        </h2>
        <FeedbackPanel
          feedback={shown !== undefined ? turns[shown]?.feedback : undefined}
          layer={shown !== undefined ? turns[shown]?.feedbackLayer : undefined}
        />
      </section>
    </div>
  )

  const last = turns.at(-1)
  const canRetry = !chat.busy && last?.role === 'assistant' && !!(last.failed || last.stopped)

  return (
    <div className="flex min-h-0 flex-1">
      <aside className="hidden w-72 shrink-0 overflow-y-auto border-r border-border p-3 md:block">{sidebar}</aside>
      <section className="flex min-h-0 min-w-0 flex-1 flex-col" aria-label="Conversation">
        <div className="flex items-center gap-2 border-b border-border px-3 py-2">
          <Dialog open={drawer} onOpenChange={setDrawer}>
            <DialogTrigger asChild>
              <Button variant="secondary" size="sm" className="whitespace-nowrap md:hidden">
                Conversations
              </Button>
            </DialogTrigger>
            <DrawerContent title="Conversations">{sidebar}</DrawerContent>
          </Dialog>
          <h1 className="truncate font-semibold" data-testid="conversation-title">
            {chat.current?.title || 'New conversation'}
          </h1>
          <Dialog>
            <DialogTrigger asChild>
              <Button variant="secondary" size="sm" className="ml-auto whitespace-nowrap lg:hidden">
                Feedback
              </Button>
            </DialogTrigger>
            <DrawerContent title="Feedback and scores">{insights}</DrawerContent>
          </Dialog>
        </div>
        <GoalBar
          scenario={scenarios?.find((s) => s.id === (chat.openingScenario ?? scenarioOf(turns)))}
          turns={turns}
        />
        {chat.notice ? (
          <div className="p-3">
            <Notice kind="error">{chat.notice}</Notice>
          </div>
        ) : null}
        {turns.length === 0 && chat.streamingText === undefined ? (
          <div className="flex flex-1 items-center justify-center p-6 text-center text-muted">
            <p>Pick a topic with “New topic”, or just say hello below.</p>
          </div>
        ) : (
          <MessageList
            turns={turns}
            streamingText={chat.streamingText}
            selected={shown}
            onSelect={setSelected}
            onRetry={canRetry ? () => void chat.retry() : undefined}
            busy={chat.busy}
            focusTurn={focusTurn}
          />
        )}
        <Composer
          conversationId={chat.current?.id ?? 'new'}
          busy={chat.busy}
          streaming={chat.streamingText !== undefined}
          onSend={(text) => {
            setSelected(undefined)
            void chat.send(text)
          }}
          onStop={chat.stop}
        />
      </section>
      <aside
        className="hidden w-80 shrink-0 overflow-y-auto border-l border-border p-4 lg:block"
        aria-label="Feedback and scores"
      >
        {insights}
      </aside>
    </div>
  )
}
