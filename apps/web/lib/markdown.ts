/**
 * A small Markdown subset for the tutor's replies: paragraphs, line breaks, bullet and numbered lists, fenced code,
 * and inline **bold**, *italic*, `code`. It yields a tree that React renders as elements, never as raw HTML, so a
 * reply cannot inject markup. Partial input (a reply still streaming) parses too.
 */
export type Inline = { t: 'text' | 'strong' | 'em' | 'code'; v: string }
export type Block = { t: 'p'; lines: Inline[][] } | { t: 'ul' | 'ol'; items: Inline[][] } | { t: 'pre'; v: string }

export function parseMarkdown(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n')
  const blocks: Block[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    if (/^```/.test(line)) {
      const body: string[] = []
      i++
      while (i < lines.length && !/^```/.test(lines[i]!)) body.push(lines[i++]!)
      i++
      blocks.push({ t: 'pre', v: body.join('\n') })
      continue
    }
    const list = listKind(line)
    if (list) {
      const items: Inline[][] = []
      while (i < lines.length && listKind(lines[i]!) === list) items.push(parseInline(stripMarker(lines[i++]!)))
      blocks.push({ t: list, items })
      continue
    }
    if (!line.trim()) {
      i++
      continue
    }
    const para: Inline[][] = []
    while (i < lines.length && lines[i]!.trim() && !listKind(lines[i]!) && !/^```/.test(lines[i]!))
      para.push(parseInline(lines[i++]!.replace(/^#{1,6}\s+/, '')))
    blocks.push({ t: 'p', lines: para })
  }
  return blocks
}

function listKind(line: string): 'ul' | 'ol' | undefined {
  if (/^\s*[-*+]\s+/.test(line)) return 'ul'
  if (/^\s*\d+[.)]\s+/.test(line)) return 'ol'
  return undefined
}

function stripMarker(line: string): string {
  return line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
}

const INLINE = /(`[^`]+`|\*\*[^*]+\*\*|__[^_]+__|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/

export function parseInline(text: string): Inline[] {
  const out: Inline[] = []
  for (const part of text.split(INLINE)) {
    if (!part) continue
    if (part.startsWith('`') && part.endsWith('`') && part.length > 1) out.push({ t: 'code', v: part.slice(1, -1) })
    else if (/^(\*\*|__).+\1$/.test(part)) out.push({ t: 'strong', v: part.slice(2, -2) })
    else if (/^([*_]).+\1$/.test(part)) out.push({ t: 'em', v: part.slice(1, -1) })
    else out.push({ t: 'text', v: part })
  }
  return out
}
