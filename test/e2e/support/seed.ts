import { randomUUID } from 'node:crypto'
import { SCORE_ASPECTS } from '@parley/core'

type Call = (p: string, init?: RequestInit) => Promise<Response>

const json = { 'content-type': 'application/json' }

/** A stored learner turn with one correction, as the chat page saves it. */
export function correctedTurn(content: string, original: string, suggestion: string, at: string) {
  const start = content.indexOf(original)
  return {
    role: 'user',
    content,
    at,
    feedback: {
      issues: [
        {
          start,
          end: start + original.length,
          original,
          suggestions: [suggestion],
          category: 'grammar',
          explanation: 'Use the past simple for a finished action.',
          source: 'rules',
        },
      ],
      betterWords: [],
      tips: [],
      corrected: content.replace(original, suggestion),
    },
  }
}

export function scoredReply(content: string, value: number, at: string) {
  return {
    role: 'assistant',
    content,
    at,
    score: {
      aspects: Object.fromEntries(SCORE_ASPECTS.map((a) => [a, { score: value, justification: 'Seeded.' }])),
      cefr: { level: 'B1', confidence: 0.7 },
      signals: {},
    },
  }
}

/** Stores a conversation through the BFF, as the browser would; returns its id. */
export async function seedConversation(
  call: Call,
  c: { title: string; conversation: unknown[]; embedding?: number[] },
): Promise<string> {
  const id = randomUUID()
  const res = await call('/api/gw/conversations', { method: 'POST', headers: json, body: JSON.stringify({ id, ...c }) })
  if (!res.ok) throw new Error(`seeding "${c.title}" failed: ${res.status} ${await res.text()}`)
  return id
}

/** The scoring worker's embedding of these messages, through the BFF. */
export async function embedding(call: Call, messages: { role: string; content: string }[]): Promise<number[]> {
  const res = await call('/api/gw/us-east-1/scoring/embed', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ conversation: messages }),
  })
  if (!res.ok) throw new Error(`embed failed: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { embedding: number[] }).embedding
}

/** A long tutor turn (Markdown paragraphs), to overflow any viewport. */
export const LONG_REPLY = Array.from(
  { length: 12 },
  (_, i) => `Paragraph ${i + 1}: that sounds like a lovely plan, and there is a lot we could talk about here.`,
).join('\n\n')
