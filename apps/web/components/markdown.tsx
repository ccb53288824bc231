import { Fragment } from 'react'
import { type Inline, parseMarkdown } from '@/lib/markdown'

function Inlines({ parts }: { parts: Inline[] }) {
  return (
    <>
      {parts.map((p, i) => {
        const key = `${i}-${p.t}`
        if (p.t === 'strong') return <strong key={key}>{p.v}</strong>
        if (p.t === 'em') return <em key={key}>{p.v}</em>
        if (p.t === 'code') return <code key={key}>{p.v}</code>
        return <Fragment key={key}>{p.v}</Fragment>
      })}
    </>
  )
}

/** Renders the tutor's Markdown as React elements (no HTML strings). */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="md">
      {parseMarkdown(text).map((b, i) => {
        const key = `${i}-${b.t}`
        if (b.t === 'pre')
          return (
            <pre key={key}>
              <code>{b.v}</code>
            </pre>
          )
        if (b.t !== 'p') {
          const List = b.t
          return (
            <List key={key}>
              {b.items.map((item, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity besides their order
                <li key={j}>
                  <Inlines parts={item} />
                </li>
              ))}
            </List>
          )
        }
        return (
          <p key={key}>
            {b.lines.map((line, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity besides their order
              <Fragment key={j}>
                {j > 0 ? <br /> : null}
                <Inlines parts={line} />
              </Fragment>
            ))}
          </p>
        )
      })}
    </div>
  )
}
