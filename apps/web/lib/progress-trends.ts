import type { ScoreAspect } from '@parley/core'
import { type Conversation, latestScore } from './conversation'
import { CEFR_LEVELS, SCORE_ASPECTS } from './core-constants'

/** One point of a trend: when, which conversation, what value. */
export type TrendPoint = { date: string; title: string; value: number }

const whenOf = (c: Conversation) => c.created_at ?? c.updated_at ?? ''
const byDate = (cs: readonly Conversation[]) => [...cs].sort((a, b) => whenOf(a).localeCompare(whenOf(b)))

/** Each aspect's score per scored conversation, oldest first. */
export function aspectTrends(conversations: readonly Conversation[]): Record<ScoreAspect, TrendPoint[]> {
  const out = Object.fromEntries(SCORE_ASPECTS.map((a) => [a, [] as TrendPoint[]])) as Record<ScoreAspect, TrendPoint[]>
  for (const c of byDate(conversations)) {
    const s = latestScore(c.conversation)
    if (!s) continue
    for (const a of SCORE_ASPECTS) {
      const v = s.aspects[a]?.score
      if (v !== undefined) out[a].push({ date: whenOf(c), title: c.title, value: Math.round(v) })
    }
  }
  return out
}

/** A1 = 1 … C2 = 6, so levels can be averaged and drawn. */
export const levelNumber = (level: string) => (CEFR_LEVELS as readonly string[]).indexOf(level) + 1

/**
 * The CEFR level over time, smoothed: an exponential moving average (weight `alpha` on the newest conversation)
 * weighted by the scorer's confidence, so one odd conversation moves the line a little, not a whole level.
 */
export function smoothedLevel(conversations: readonly Conversation[], alpha = 0.35): (TrendPoint & { raw: string })[] {
  const out: (TrendPoint & { raw: string })[] = []
  let ema: number | undefined
  for (const c of byDate(conversations)) {
    const s = latestScore(c.conversation)
    const n = s ? levelNumber(s.cefr.level) : 0
    if (!s || n === 0) continue
    const w = alpha * Math.max(0.2, Math.min(1, s.cefr.confidence))
    ema = ema === undefined ? n : ema + w * (n - ema)
    out.push({ date: whenOf(c), title: c.title, value: Math.round(ema * 100) / 100, raw: s.cefr.level })
  }
  return out
}

/** Monday 00:00 UTC of the week holding `iso`, as YYYY-MM-DD. */
export function weekStart(iso: string): string {
  const d = new Date(iso)
  const day = (d.getUTCDay() + 6) % 7
  d.setUTCDate(d.getUTCDate() - day)
  return d.toISOString().slice(0, 10)
}

/** Conversations started and learner messages written per week, every week from the first to the last (gaps as 0). */
export function weeklyActivity(conversations: readonly Conversation[]) {
  const weeks = new Map<string, { conversations: number; messages: number }>()
  for (const c of conversations) {
    const when = whenOf(c)
    if (!when || Number.isNaN(Date.parse(when))) continue
    const w = weeks.get(weekStart(when)) ?? { conversations: 0, messages: 0 }
    w.conversations++
    weeks.set(weekStart(when), w)
    // Messages count in the week they were written, when the turn has a time.
    for (const t of c.conversation) {
      if (t.role !== 'user' || !t.content.trim()) continue
      const at = t.at && !Number.isNaN(Date.parse(t.at)) ? weekStart(t.at) : weekStart(when)
      const m = weeks.get(at) ?? { conversations: 0, messages: 0 }
      m.messages++
      weeks.set(at, m)
    }
  }
  const keys = [...weeks.keys()].sort()
  if (keys.length === 0) return []
  const out: { week: string; conversations: number; messages: number }[] = []
  for (
    let d = new Date(`${keys[0]}T00:00:00Z`);
    d.toISOString().slice(0, 10) <= keys.at(-1)!;
    d.setUTCDate(d.getUTCDate() + 7)
  ) {
    const week = d.toISOString().slice(0, 10)
    out.push({ week, ...(weeks.get(week) ?? { conversations: 0, messages: 0 }) })
  }
  return out
}
