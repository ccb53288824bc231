// Tutor reply quality on real weights (SmolLM2 by default): for each scenario, the opening turn and two learner
// turns through POST /tutor/chat on a real llm-worker. Prints words per reply, replies that loop (a sentence said
// twice), replies that are not English, and replies the leak filter stopped. `npm run bench -- real-model` runs it
// after the speed comparison; alone: `node --import tsx bench/real-model/tutor-quality.ts`.
import { chatWorkerEnv, startChatWorker } from '@parley/chat-worker'
import { type ChatMessage, type Learner, loadConfig, silentLogger, type TutorDoneEvent } from '@parley/core'
import { prepareRealModelStore, REAL_MODELS_DIR_ENV, startRealLlmWorker } from '@parley/llm-worker/testing'
import { EchoOpening } from '../../services/chat-worker/src/echo-opening.js'
import { guessLanguage } from '../../services/chat-worker/src/language.js'

const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'free-talk,restaurant,job-interview,doctor-visit,airport').split(',')
const MODEL = process.env.BENCH_MODEL ?? 'smollm2:135m'
const learner: Learner = { name: 'Ana', level: 'B1', nativeLanguage: 'pt-BR' }
// BENCH_LEARNER_LINES ("|"-separated) replaces the learner's lines, e.g. asking for tips, which invites lists.
const LEARNER_TURNS = (
  process.env.BENCH_LEARNER_LINES?.split('|') ?? [
    'Hello! I am fine, thank you. I want to practise my English today.',
    'I am not sure. Can you tell me more, please? I like it but it is a bit difficult for me.',
  ]
).slice(0, Number(process.env.BENCH_LEARNER_TURNS ?? 2))

export type ReplyRow = {
  scenario: string
  words: number
  looped: boolean
  english: boolean
  filtered: boolean
  unfinished: boolean
  copied: boolean
  selfAnswered: boolean
}

/** A reply that ends on what it announced but never gave: "…practise:", or a list marker with no item. */
const UNFINISHED = /(:|\n\s*(\d+[.)]|[-*•]))\s*$/u

/** Whether a reply opens with a sentence copied from the learner (what echo-opening.ts drops). */
function opensWithCopy(reply: string, messages: ChatMessage[]): boolean {
  const echo = new EchoOpening(messages.filter((m) => m.role === 'user').map((m) => m.content))
  echo.push(reply)
  echo.end()
  return echo.dropped !== ''
}

/** A reply goes on with a statement after a question that is not its first sentence (what reply-limits.ts ends). */
export function answersOwnQuestion(reply: string): boolean {
  const sentences = reply.split(/(?<=[.!?…]["')\]]*)\s+|\n+/u).filter((x) => /\p{L}/u.test(x))
  return sentences.some(
    (x, i) => i >= 1 && /\?["')\]]*$/u.test(x) && i + 1 < sentences.length && !/\?["')\]]*$/u.test(sentences[i + 1]!),
  )
}

/** A reply loops when a four-word phrase comes back three times, or a sentence of three words or more twice. */
export function loops(text: string): boolean {
  const words = text.toLowerCase().match(/[a-z']+/g) ?? []
  const phrases = new Map<string, number>()
  for (let i = 0; i + 4 <= words.length; i++) {
    const key = words.slice(i, i + 4).join(' ')
    const n = (phrases.get(key) ?? 0) + 1
    if (n >= 3) return true
    phrases.set(key, n)
  }
  const seen = new Set<string>()
  for (const s of text.split(/(?<=[.!?])\s+|\n+/)) {
    const key = s
      .toLowerCase()
      .replace(/[^a-z' ]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
    if (key.split(' ').length < 3) continue
    if (seen.has(key)) return true
    seen.add(key)
  }
  return false
}

async function turn(url: string, scenario: string, messages: ChatMessage[]): Promise<TutorDoneEvent> {
  const res = await fetch(`${url}/tutor/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ conversationId: `q-${scenario}`, messages, learner, scenario, model: MODEL }),
  })
  const text = await res.text()
  const done = /event: done\ndata: (.*)\n/.exec(text)
  if (!done) throw new Error(`no done event (${res.status}): ${text.slice(0, 300)}`)
  return JSON.parse(done[1]!) as TutorDoneEvent
}

export async function measureTutorQuality(): Promise<ReplyRow[]> {
  const dir = await prepareRealModelStore()
  if (!dir) throw new Error('no real weights: run `npm run models:real`')
  process.env[REAL_MODELS_DIR_ENV] = dir
  const llm = await startRealLlmWorker({
    model: MODEL,
    threads: Number(process.env.BENCH_THREADS ?? 1),
    contextSize: 4096,
  })
  const chat = await startChatWorker(
    loadConfig(chatWorkerEnv, { ...process.env, CHAT_WORKER_PORT: '0', CHAT_LLM_URL: llm.url, CHAT_MODEL: MODEL }),
    { log: silentLogger() },
  )
  const rows: ReplyRow[] = []
  try {
    for (const scenario of SCENARIOS) {
      // BENCH_LEARNER_FIRST=1: the learner writes first, as in the web app's free talk (no tutor opening).
      const first = process.env.BENCH_LEARNER_FIRST === '1' ? 1 : 0
      const messages: ChatMessage[] = first ? [{ role: 'user', content: LEARNER_TURNS[0]! }] : []
      for (let i = first; i <= LEARNER_TURNS.length; i++) {
        const done = await turn(chat.url, scenario, messages)
        const words = done.reply.split(/\s+/).filter(Boolean).length
        rows.push({
          scenario,
          words,
          looped: loops(done.reply),
          english: guessLanguage(done.reply).english,
          filtered: done.finishReason === 'filtered',
          unfinished: UNFINISHED.test(done.reply),
          copied: opensWithCopy(done.reply, messages),
          selfAnswered: answersOwnQuestion(done.reply),
        })
        if (process.env.BENCH_VERBOSE) console.log(`--- ${scenario} #${i} (${words} words)\n${done.reply}`)
        messages.push({ role: 'assistant', content: done.reply })
        if (i < LEARNER_TURNS.length) messages.push({ role: 'user', content: LEARNER_TURNS[i]! })
      }
    }
  } finally {
    await chat.close()
    await llm.close()
  }
  return rows
}

export function printQuality(rows: ReplyRow[]): void {
  const words = rows.map((r) => r.words).sort((a, b) => a - b)
  const mean = words.reduce((a, b) => a + b, 0) / words.length
  console.log(
    `tutor replies on ${MODEL}: ${rows.length} (${SCENARIOS.length} scenarios × ${LEARNER_TURNS.length + 1} turns)`,
  )
  console.log(
    `  words per reply: mean ${mean.toFixed(0)}, median ${words[Math.floor(words.length / 2)]}, max ${words.at(-1)}`,
  )
  console.log(`  looping replies: ${rows.filter((r) => r.looped).length}/${rows.length}`)
  console.log(`  English replies: ${rows.filter((r) => r.english).length}/${rows.length}`)
  console.log(`  stopped by the leak filter: ${rows.filter((r) => r.filtered).length}/${rows.length}`)
  console.log(
    `  replies ending on a promise (a final ":" or a bare list marker): ${rows.filter((r) => r.unfinished).length}/${rows.length}`,
  )
  console.log(
    `  replies going on after their own question: ${rows.filter((r) => r.selfAnswered).length}/${rows.length}`,
  )
  console.log(
    `  replies opening with a sentence copied from the learner: ${rows.filter((r) => r.copied).length}/${rows.length}`,
  )
}

if (import.meta.url === `file://${process.argv[1]}`) printQuality(await measureTutorQuality())
