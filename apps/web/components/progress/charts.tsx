/** Small hand-rolled SVG charts; each has a title and a text alternative listing its values. */

/** `label` must be unique within a chart: it is the element key. */
type Point = { label: string; value: number }

const W = 480
const H = 180
const PAD = 28

export function LineChart({ title, points, max = 100 }: { title: string; points: Point[]; max?: number }) {
  if (points.length === 0) return <Empty title={title} />
  const x = (i: number) => PAD + (points.length === 1 ? (W - 2 * PAD) / 2 : (i * (W - 2 * PAD)) / (points.length - 1))
  const y = (v: number) => H - PAD - (Math.min(v, max) / max) * (H - 2 * PAD)
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')
  return (
    <figure>
      <figcaption className="mb-1 font-semibold">{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={describe(title, points)} className="w-full max-w-xl">
        <Axes max={max} />
        <path d={path} fill="none" stroke="var(--accent)" strokeWidth={2} />
        {points.map((p, i) => (
          <circle key={p.label} cx={x(i)} cy={y(p.value)} r={4} fill="var(--accent)">
            <title>{`${p.label}: ${p.value}`}</title>
          </circle>
        ))}
        <XLabels count={points.length} at={x} />
      </svg>
    </figure>
  )
}

export function BarChart({ title, points }: { title: string; points: Point[] }) {
  if (points.length === 0) return <Empty title={title} />
  const max = Math.max(1, ...points.map((p) => p.value))
  const step = (W - 2 * PAD) / points.length
  return (
    <figure>
      <figcaption className="mb-1 font-semibold">{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={describe(title, points)} className="w-full max-w-xl">
        <Axes max={max} />
        {points.map((p, i) => {
          const h = (p.value / max) * (H - 2 * PAD)
          return (
            <rect
              key={p.label}
              x={PAD + i * step + step * 0.15}
              y={H - PAD - h}
              width={step * 0.7}
              height={h}
              fill="var(--accent)"
            >
              <title>{`${p.label}: ${p.value}`}</title>
            </rect>
          )
        })}
        <XLabels count={points.length} at={(i) => PAD + i * step + step / 2} />
      </svg>
    </figure>
  )
}

export function HorizontalBars({ title, points }: { title: string; points: Point[] }) {
  if (points.length === 0) return <Empty title={title} />
  const max = Math.max(1, ...points.map((p) => p.value))
  return (
    <figure>
      <figcaption className="mb-2 font-semibold">{title}</figcaption>
      <ul className="space-y-1 text-sm">
        {points.map((p) => (
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

/** Conversation numbers under the x axis (1 = oldest); thinned out when there are many. */
function XLabels({ count, at }: { count: number; at: (i: number) => number }) {
  const every = Math.max(1, Math.ceil(count / 12))
  return (
    <g fontSize={10} fill="var(--muted)" textAnchor="middle">
      {Array.from({ length: count }, (_, i) => i)
        .filter((i) => i % every === 0)
        .map((i) => (
          <text key={i} x={at(i)} y={H - PAD + 14}>
            {i + 1}
          </text>
        ))}
    </g>
  )
}

function Axes({ max }: { max: number }) {
  return (
    <g stroke="var(--border)" fontSize={10} fill="var(--muted)">
      <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} />
      <line x1={PAD} y1={PAD} x2={PAD} y2={H - PAD} />
      <text x={4} y={PAD + 4} stroke="none">
        {Math.round(max)}
      </text>
      <text x={4} y={H - PAD} stroke="none">
        0
      </text>
    </g>
  )
}

function Empty({ title }: { title: string }) {
  return (
    <figure>
      <figcaption className="mb-1 font-semibold">{title}</figcaption>
      <p className="text-sm text-muted">No data yet.</p>
    </figure>
  )
}

function describe(title: string, points: Point[]): string {
  return `${title}: ${points.map((p) => `${p.label} ${p.value}`).join('; ')}`
}
