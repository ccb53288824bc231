import { type Conversation, scenarioOf, type Turn } from './conversation'
import { SCORE_ASPECTS } from './core-constants'

/**
 * The learner's own export: every field of every turn as stored (feedback with its corrections, scores, scenario,
 * timestamps), so an import of it loses nothing. Markdown is for reading; JSON is for import (lib/import-schema.ts
 * validates it, loaded only when a file is chosen, so zod stays out of the page's first load).
 */
export const EXPORT_FORMAT = 'parley.conversations'
export const EXPORT_VERSION = 1

export function toExportJson(conversations: readonly Conversation[], now = new Date()): string {
  const out = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exported_at: now.toISOString(),
    conversations: conversations.map((c) => ({
      id: c.id,
      title: c.title,
      ...(c.created_at ? { created_at: c.created_at } : {}),
      ...(c.updated_at ? { updated_at: c.updated_at } : {}),
      conversation: c.conversation,
    })),
  }
  return `${JSON.stringify(out, null, 2)}\n`
}

const ASPECT_LABEL = (a: string) => (a.charAt(0).toUpperCase() + a.slice(1)).replace(/_/g, ' ')

function quote(text: string): string {
  return text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n')
}

function turnMarkdown(t: Turn): string {
  const who = t.role === 'user' ? '**You**' : '**Tutor**'
  const when = t.at ? ` · ${t.at}` : ''
  const lines = [`${who}${when}`, '', quote(t.content || (t.failed ? `(failed: ${t.failed})` : '(empty)'))]
  const issues = t.feedback?.issues ?? []
  if (issues.length) {
    lines.push('', 'Corrections:')
    for (const i of issues)
      lines.push(
        `- ${i.category}: "${i.original}" → "${i.suggestions[0] ?? ''}"${i.explanation ? ` (${i.explanation})` : ''}`,
      )
  }
  if (t.feedback?.corrected && t.feedback.corrected !== t.content) lines.push('', `Corrected: ${t.feedback.corrected}`)
  for (const w of t.feedback?.betterWords ?? []) lines.push(`- Better word: "${w.original}" → "${w.better}" (${w.why})`)
  for (const tip of t.feedback?.tips ?? []) lines.push(`- Tip: ${tip}`)
  if (t.score) {
    lines.push('', `Scores (CEFR ${t.score.cefr.level}):`, '', '| aspect | score |', '|---|---|')
    for (const a of SCORE_ASPECTS) {
      const s = t.score.aspects[a]
      if (s) lines.push(`| ${ASPECT_LABEL(a)} | ${Math.round(s.score)} |`)
    }
  }
  return lines.join('\n')
}

export function toMarkdown(conversations: readonly Conversation[]): string {
  return conversations
    .map((c) => {
      const head = [`# ${c.title}`, '', `- Scenario: ${scenarioOf(c.conversation)}`]
      if (c.created_at) head.push(`- Started: ${c.created_at}`)
      if (c.updated_at) head.push(`- Last change: ${c.updated_at}`)
      return [...head, '', ...c.conversation.map(turnMarkdown).flatMap((t) => [t, ''])].join('\n')
    })
    .join('\n---\n\n')
}

/** `parley-<title or all>-<date>.<ext>`, safe as a file name. */
export function exportFileName(what: string, ext: 'json' | 'md', now = new Date()): string {
  const slug =
    what
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'conversation'
  return `parley-${slug}-${now.toISOString().slice(0, 10)}.${ext}`
}
