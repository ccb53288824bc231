/**
 * Small SVG charts. Each has a title, axis titles, dated x labels and a text alternative listing every value
 * (date, conversation, value), so nothing is shown only as a shape.
 */

/** `label` (date · conversation) is unique within a chart; `x` is the short axis label (a date). */
export type ChartPoint = {
  x: string
  label: string
  value: number /** A second axis line: the conversation. */
  sub?: string
}
type Tick = { value: number; label: string }
type Axes = { xTitle: string; yTitle: string; max: number; ticks?: Tick[]; min?: number }

const W = 480
const H = 200
const L = 44
const R = 12
const T = 12
const B = 60

const plotX = (i: number, n: number) => L + (n === 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (n - 1))

export function LineChart(props: {
  title: string
  points: ChartPoint[]
  empty: string
  axes: Axes
  /** A second line (e.g. the smoothed level) drawn over the points. */
  trend?: number[]
  compact?: boolean
}) {
  const { points, axes } = props
  if (points.length === 0) return <Empty title={props.title} text={props.empty} />
  const min = axes.min ?? 0
  const y = (v: number) => H - B - ((Math.min(Math.max(v, min), axes.max) - min) / (axes.max - min)) * (H - T - B)
  const line = (vals: number[]) =>
    vals.map((v, i) => `${i ? 'L' : 'M'}${plotX(i, vals.length).toFixed(1)},${y(v).toFixed(1)}`).join(' ')
  return (
    <figure>
      <figcaption className={props.compact ? 'text-sm font-medium' : 'mb-1 font-semibold'}>{props.title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={describe(props.title, points)} className="w-full max-w-xl">
        <Frame axes={axes} y={y} />
        <path
          d={line(points.map((p) => p.value))}
          fill="none"
          stroke="var(--accent)"
          strokeWidth={props.trend ? 1 : 2}
          strokeDasharray={props.trend ? '4 3' : undefined}
        />
        {props.trend ? <path d={line(props.trend)} fill="none" stroke="var(--fg)" strokeWidth={2.5} /> : null}
        {points.map((p, i) => (
          <circle key={p.label} cx={plotX(i, points.length)} cy={y(p.value)} r={3.5} fill="var(--accent)">
            <title>{`${p.label}: ${p.value}`}</title>
          </circle>
        ))}
        <XLabels points={points} at={(i) => plotX(i, points.length)} />
      </svg>
    </figure>
  )
}

export function BarChart(props: { title: string; points: ChartPoint[]; empty: string; axes: Omit<Axes, 'max'> }) {
  const { points } = props
  if (points.length === 0) return <Empty title={props.title} text={props.empty} />
  const max = Math.max(1, ...points.map((p) => p.value))
  const step = (W - L - R) / points.length
  const y = (v: number) => H - B - (v / max) * (H - T - B)
  return (
    <figure>
      <figcaption className="mb-1 font-semibold">{props.title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={describe(props.title, points)} className="w-full max-w-xl">
        <Frame axes={{ ...props.axes, max }} y={y} />
        {points.map((p, i) => (
          <rect
            key={p.label}
            x={L + i * step + step * 0.15}
            y={y(p.value)}
            width={step * 0.7}
            height={H - B - y(p.value)}
            fill="var(--accent)"
          >
            <title>{`${p.label}: ${p.value}`}</title>
          </rect>
        ))}
        <XLabels points={points} at={(i) => L + i * step + step / 2} />
      </svg>
    </figure>
  )
}

export function HorizontalBars(props: { title: string; points: { label: string; value: number }[]; empty: string }) {
  if (props.points.length === 0) return <Empty title={props.title} text={props.empty} />
  const max = Math.max(1, ...props.points.map((p) => p.value))
  return (
    <figure>
      <figcaption className="mb-2 font-semibold">{props.title}</figcaption>
      <ul className="space-y-1 text-sm">
        {props.points.map((p) => (
          <li key={p.label} className="flex items-center gap-2">
            <span className="w-28 shrink-0">{p.label}</span>
            <span className="h-3 rounded bg-accent" style={{ width: `${(p.value / max) * 60}%` }} aria-hidden="true" />
            <span>{p.value}</span>
          </li>
        ))}
      </ul>
    </figure>
  )
}

/**
 * Dates (and, below them, conversation titles) under the x axis, thinned to at most 5 so they never overlap; the
 * first and last are anchored inside the chart so they are not cut.
 */
function XLabels({ points, at }: { points: ChartPoint[]; at: (i: number) => number }) {
  const every = Math.max(1, Math.ceil(points.length / 5))
  const shown = points.flatMap((_p, i) => (i % every === 0 || i === points.length - 1 ? [i] : []))
  // The last label replaces a thinned neighbour that would crowd it.
  if (shown.length > 1 && shown.at(-1)! - shown.at(-2)! < every) shown.splice(-2, 1)
  const anchor = (i: number) =>
    points.length === 1 ? 'middle' : i === 0 ? 'start' : i === points.length - 1 ? 'end' : 'middle'
  return (
    <g fontSize={11} fill="var(--muted)">
      {shown.map((i) => (
        <text key={points[i]!.label} x={at(i)} y={H - B + 15} textAnchor={anchor(i)}>
          {points[i]!.x}
          {points[i]!.sub ? (
            <tspan x={at(i)} dy={13} fontSize={10}>
              {points[i]!.sub!.length > 16 ? `${points[i]!.sub!.slice(0, 15)}…` : points[i]!.sub}
            </tspan>
          ) : null}
        </text>
      ))}
    </g>
  )
}

function Frame({ axes, y }: { axes: Axes; y: (v: number) => number }) {
  const min = axes.min ?? 0
  const ticks = axes.ticks ?? [
    { value: min, label: String(min) },
    { value: axes.max, label: String(Math.round(axes.max)) },
  ]
  return (
    <g fontSize={11} fill="var(--muted)">
      <line x1={L} y1={H - B} x2={W - R} y2={H - B} stroke="var(--muted)" />
      <line x1={L} y1={T} x2={L} y2={H - B} stroke="var(--muted)" />
      {ticks.map((t) => (
        <g key={t.label}>
          <line x1={L} x2={W - R} y1={y(t.value)} y2={y(t.value)} stroke="var(--border)" strokeDasharray="2 3" />
          <text x={L - 6} y={y(t.value) + 4} textAnchor="end">
            {t.label}
          </text>
        </g>
      ))}
      <text x={(L + W - R) / 2} y={H - 6} textAnchor="middle">
        {axes.xTitle}
      </text>
      <text transform={`translate(12 ${(T + H - B) / 2}) rotate(-90)`} textAnchor="middle">
        {axes.yTitle}
      </text>
    </g>
  )
}

function Empty({ title, text }: { title: string; text: string }) {
  return (
    <figure>
      <figcaption className="mb-1 font-semibold">{title}</figcaption>
      <p className="text-sm text-muted">{text}</p>
    </figure>
  )
}

function describe(title: string, points: ChartPoint[]): string {
  return `${title}: ${points.map((p) => `${p.label} ${p.value}`).join('; ')}`
}
