import { type Conversation, scenarioOf } from './conversation'

/** What the conversation list shows for one conversation, so that two "Free talk"s can be told apart. */
export type HistoryEntry = {
  id: string
  title: string
  /** ISO time of the last change (or creation). */
  when: string | undefined
  scenario: string
  /** The learner's first line, else the tutor's opener; one line, at most 90 characters. */
  preview: string
  messages: number
}

export function oneLine(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

export function historyEntry(c: Conversation): HistoryEntry {
  const first = c.conversation.find((t) => t.role === 'user') ?? c.conversation.find((t) => t.content.trim())
  return {
    id: c.id,
    title: c.title,
    when: c.updated_at ?? c.created_at,
    scenario: scenarioOf(c.conversation),
    preview: first ? oneLine(first.content) : '',
    messages: c.conversation.filter((t) => t.content.trim()).length,
  }
}

/** "1 Dec 2026, 22:40" in the reader's locale and time zone; empty for a conversation not saved yet. */
export function formatWhen(iso: string | undefined, locale?: string): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d)
}

/** A scenario id as a title when the catalogue is not at hand: `job-interview` → "Job interview". */
export function scenarioLabel(id: string, titles: ReadonlyMap<string, string>): string {
  return titles.get(id) ?? (id.charAt(0).toUpperCase() + id.slice(1)).replace(/-/g, ' ')
}
