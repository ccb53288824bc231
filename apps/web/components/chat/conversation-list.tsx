'use client'
import { type FormEvent, useRef, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Dialog, DialogClose, DialogContent } from '@/components/ui/dialog'
import { PencilIcon, TrashIcon } from '@/components/ui/icons'
import { Input } from '@/components/ui/input'
import { cn } from '@/lib/cn'
import type { Conversation } from '@/lib/conversation'
import { formatWhen, historyEntry, scenarioLabel } from '@/lib/history'

type Props = {
  conversations: Conversation[]
  currentId: string | undefined
  onOpen: (id: string) => void
  onRename: (id: string, title: string) => Promise<void>
  onDelete: (id: string) => Promise<void>
  onDeleteAll: () => Promise<void>
  /** Scenario titles by id, to name each conversation's scenario. */
  scenarioTitles?: ReadonlyMap<string, string>
}

type Pending = { kind: 'rename' | 'delete'; convo: Conversation } | { kind: 'delete-all' } | undefined

/** The learner's conversations, newest first, with rename, delete and delete-all behind confirmations. */
export function ConversationList(props: Props) {
  const [pending, setPending] = useState<Pending>()
  const [error, setError] = useState<string>()
  // A request on its way: Save and Delete wait for it (a second DELETE would only answer 404).
  const [working, setWorking] = useState(false)
  const workingRef = useRef(false)

  /** Opens (or, undefined, closes) a dialog; the last dialog's error is not this one's. */
  function ask(next: Pending) {
    setError(undefined)
    setPending(next)
  }

  async function run(action: () => Promise<void>) {
    if (workingRef.current) return
    workingRef.current = true
    setWorking(true)
    setError(undefined)
    try {
      await action()
      setPending(undefined)
    } catch (err) {
      setError((err as Error).message)
    } finally {
      workingRef.current = false
      setWorking(false)
    }
  }

  return (
    <nav aria-label="Conversations" className="flex flex-col gap-1">
      {props.conversations.length === 0 ? <p className="px-2 text-sm text-muted">No conversations yet.</p> : null}
      <ul className="space-y-1" data-testid="conversation-list">
        {props.conversations.map((c) => (
          <li key={c.id} className="group flex items-center gap-1">
            <button
              type="button"
              onClick={() => props.onOpen(c.id)}
              aria-current={c.id === props.currentId ? 'true' : undefined}
              className={cn(
                'min-w-0 flex-1 rounded-md px-2 py-1.5 text-left text-sm hover:bg-surface focus-visible:outline-2 focus-visible:outline-accent',
                c.id === props.currentId && 'bg-surface',
              )}
            >
              <EntryText conversation={c} titles={props.scenarioTitles} current={c.id === props.currentId} />
            </button>
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Rename ${c.title}`}
              onClick={() => ask({ kind: 'rename', convo: c })}
            >
              <PencilIcon />
            </Button>
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Delete ${c.title}`}
              onClick={() => ask({ kind: 'delete', convo: c })}
            >
              <TrashIcon />
            </Button>
          </li>
        ))}
      </ul>
      {props.conversations.length > 0 ? (
        <Button variant="ghost" size="sm" className="mt-2 text-danger" onClick={() => ask({ kind: 'delete-all' })}>
          Delete all conversations
        </Button>
      ) : null}

      <Dialog open={pending !== undefined} onOpenChange={(o) => !o && ask(undefined)}>
        {pending?.kind === 'rename' ? (
          <DialogContent title="Rename conversation">
            <form
              onSubmit={(e: FormEvent<HTMLFormElement>) => {
                e.preventDefault()
                const title = String(new FormData(e.currentTarget).get('title') ?? '').trim()
                if (title) void run(() => props.onRename(pending.convo.id, title))
              }}
              className="space-y-3"
            >
              <label htmlFor="rename-title" className="block text-sm font-medium">
                Title
              </label>
              <Input
                id="rename-title"
                name="title"
                defaultValue={pending.convo.title}
                maxLength={200}
                required
                autoFocus
              />
              {error ? (
                <p role="alert" className="text-sm text-danger">
                  {error}
                </p>
              ) : null}
              <div className="flex justify-end gap-2">
                <DialogClose asChild>
                  <Button variant="secondary">Cancel</Button>
                </DialogClose>
                <Button type="submit" disabled={working} aria-busy={working}>
                  Save
                </Button>
              </div>
            </form>
          </DialogContent>
        ) : pending ? (
          <DialogContent
            title={pending.kind === 'delete' ? 'Delete this conversation?' : 'Delete all conversations?'}
            description={
              pending.kind === 'delete'
                ? `“${pending.convo.title}” will be gone for good.`
                : 'Every conversation will be gone for good.'
            }
          >
            {error ? (
              <p role="alert" className="mb-2 text-sm text-danger">
                {error}
              </p>
            ) : null}
            <div className="flex justify-end gap-2">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button
                variant="danger"
                disabled={working}
                aria-busy={working}
                onClick={() =>
                  void run(() => (pending.kind === 'delete' ? props.onDelete(pending.convo.id) : props.onDeleteAll()))
                }
              >
                Delete
              </Button>
            </div>
          </DialogContent>
        ) : null}
      </Dialog>
    </nav>
  )
}

/** Title, then when and which scenario, then the first line: enough to tell two "Free talk"s apart. */
function EntryText(props: { conversation: Conversation; titles?: ReadonlyMap<string, string>; current: boolean }) {
  const e = historyEntry(props.conversation)
  const when = formatWhen(e.when)
  return (
    <>
      <span className={cn('block truncate', props.current && 'font-semibold')}>{e.title}</span>
      <span className="block truncate text-xs text-muted">
        {when ? <time dateTime={e.when}>{when}</time> : 'Not saved yet'} ·{' '}
        {scenarioLabel(e.scenario, props.titles ?? new Map())}
      </span>
      {e.preview && e.preview !== e.title ? (
        <span className="block truncate text-xs text-muted" data-testid="conversation-preview">
          {e.preview}
        </span>
      ) : null}
    </>
  )
}
