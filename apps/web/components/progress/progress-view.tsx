'use client'
import Link from 'next/link'
import { useEffect, useState } from 'react'
import { Card, Notice } from '@/components/ui/card'
import { CATEGORY_LABEL } from '@/lib/categories'
import { loadAllConversations } from '@/lib/client/history-calls'
import type { Conversation } from '@/lib/conversation'
import { CEFR_LEVELS, SCORE_ASPECTS } from '@/lib/core-constants'
import { computeProgress } from '@/lib/progress'
import { aspectTrends, levelNumber, smoothedLevel, type TrendPoint, weeklyActivity } from '@/lib/progress-trends'
import { BarChart, type ChartPoint, HorizontalBars, LineChart } from './charts'

/** Axis dates: the day, or the time of day when every point falls within two days. */
function axisDate(dates: string[]): (iso: string) => string {
  const times = dates.map((d) => Date.parse(d)).filter((t) => !Number.isNaN(t))
  const close = times.length > 0 && Math.max(...times) - Math.min(...times) < 2 * 86_400_000
  const f = new Intl.DateTimeFormat(
    undefined,
    close ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short' },
  )
  return (iso) => (iso && !Number.isNaN(Date.parse(iso)) ? f.format(new Date(iso)) : '?')
}
const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' })

/** Date and title on the axis; date, time and title in the text alternative (unique per point). */
const toPoints = (trend: { date: string; title: string; value: number }[], withTitles = true): ChartPoint[] => {
  const x = axisDate(trend.map((p) => p.date))
  return trend.map((p, i) => ({
    x: x(p.date),
    sub: withTitles ? p.title : undefined,
    label: `${i + 1}. ${p.date ? new Date(p.date).toLocaleString() : 'undated'} · ${p.title}`,
    value: p.value,
  }))
}

const ASPECT_LABEL = (a: string) => (a.charAt(0).toUpperCase() + a.slice(1)).replace(/_/g, ' ')
const SCORE_AXES = { xTitle: 'Conversation date', yTitle: 'Score', max: 100 }
const NO_SCORES = 'No scores yet. Each conversation is scored after the tutor’s reply: have one in Chat.'
const LEVEL_TICKS = CEFR_LEVELS.map((l) => ({ value: levelNumber(l), label: l }))

export function ProgressView() {
  const [conversations, setConversations] = useState<Conversation[]>()
  const [error, setError] = useState<string>()
  useEffect(() => {
    loadAllConversations()
      .then(setConversations)
      .catch((e: Error) => setError(e.message))
  }, [])
  if (error) return <Notice kind="error">Could not load your conversations: {error}</Notice>
  if (!conversations) return <p className="text-muted">Loading…</p>
  if (conversations.length === 0)
    return (
      <Card>
        <p>
          Nothing to chart yet.{' '}
          <Link className="text-accent underline" href="/chat">
            Start a conversation in Chat
          </Link>
          : after each tutor reply it gets nine skill scores and a level, and your charts appear here.
        </p>
      </Card>
    )

  const progress = computeProgress(conversations)
  const overall: TrendPoint[] = progress.points.flatMap((p) =>
    p.overall !== undefined ? [{ date: p.date, title: p.title, value: p.overall }] : [],
  )
  const level = smoothedLevel(conversations)
  const aspects = aspectTrends(conversations)
  const weeks = weeklyActivity(conversations)
  const weekPoints = (key: 'conversations' | 'messages'): ChartPoint[] =>
    weeks.map((w) => ({
      x: dayMonth.format(new Date(`${w.week}T00:00:00Z`)),
      label: `Week of ${w.week}`,
      value: w[key],
    }))

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card>
        <LineChart
          title="Overall score per conversation"
          points={toPoints(overall)}
          empty={NO_SCORES}
          axes={SCORE_AXES}
        />
      </Card>
      <Card>
        <LineChart
          title="Level over time (smoothed)"
          points={toPoints(level.map((l) => ({ ...l, value: levelNumber(l.raw) })))}
          trend={level.map((l) => l.value)}
          empty={NO_SCORES}
          axes={{ xTitle: 'Conversation date', yTitle: 'CEFR level', min: 1, max: 6, ticks: LEVEL_TICKS }}
        />
        {level.length ? (
          <p className="mt-1 text-xs text-muted">
            Dots: each conversation’s level. Solid line: the trend, so one unusual conversation does not swing it.
          </p>
        ) : null}
      </Card>
      <Card className="lg:col-span-2">
        <h2 className="mb-2 font-semibold">Skills over time</h2>
        {overall.length === 0 ? (
          <p className="text-sm text-muted">{NO_SCORES}</p>
        ) : (
          <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" data-testid="aspect-trends">
            {SCORE_ASPECTS.map((a) => (
              <LineChart
                key={a}
                compact
                title={ASPECT_LABEL(a)}
                points={toPoints(aspects[a], false)}
                empty="Not scored yet."
                axes={SCORE_AXES}
              />
            ))}
          </div>
        )}
      </Card>
      <Card>
        <BarChart
          title="Conversations per week"
          points={weekPoints('conversations')}
          empty="No dated conversations yet."
          axes={{ xTitle: 'Week starting', yTitle: 'Conversations' }}
        />
      </Card>
      <Card>
        <BarChart
          title="Your messages per week"
          points={weekPoints('messages')}
          empty="No messages yet."
          axes={{ xTitle: 'Week starting', yTitle: 'Messages' }}
        />
      </Card>
      <Card>
        <BarChart
          title="Errors per 100 words"
          points={toPoints(
            progress.points.filter((p) => p.words > 0).map((p) => ({ ...p, value: p.errorsPer100Words })),
          )}
          empty="No messages of yours have been checked yet. Write to the tutor in Chat."
          axes={{ xTitle: 'Conversation date', yTitle: 'Errors / 100 words' }}
        />
      </Card>
      <Card>
        <HorizontalBars
          title="Most frequent error categories"
          points={progress.categories.map((c) => ({ label: CATEGORY_LABEL[c.category], value: c.count }))}
          empty="No corrections yet: either none were needed, or nothing has been checked."
        />
      </Card>
      <Card className="lg:col-span-2">
        <h2 className="mb-2 font-semibold">Recurring mistakes</h2>
        {progress.recurring.length === 0 ? (
          <p className="text-sm text-muted">
            No mistake has come back yet. Mistakes you make twice show up here and in{' '}
            <Link className="text-accent underline" href="/review">
              Review
            </Link>
            .
          </p>
        ) : (
          <>
            <ul className="space-y-1 text-sm">
              {progress.recurring.map((m) => (
                <li key={`${m.original}-${m.suggestion}`}>
                  <span className={`fb-${m.category}`}>{m.original}</span>
                  {m.suggestion ? (
                    <>
                      {' '}
                      → <strong>{m.suggestion}</strong>
                    </>
                  ) : null}{' '}
                  <span className="text-muted">×{m.count}</span>
                </li>
              ))}
            </ul>
            <p className="mt-2 text-sm">
              <Link className="text-accent underline" href="/review">
                Practise them in Review
              </Link>
            </p>
          </>
        )}
      </Card>
    </div>
  )
}
