export type SseEvent = { event: string; data: string }

/**
 * Reads a `text/event-stream` body event by event as it arrives (no buffering of the whole reply).
 * Handles CRLF, multi-line data and comments; an event without a name is `message`, as in the spec.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n')
      let cut = buffer.indexOf('\n\n')
      while (cut >= 0) {
        const event = parseBlock(buffer.slice(0, cut))
        buffer = buffer.slice(cut + 2)
        if (event) yield event
        cut = buffer.indexOf('\n\n')
      }
    }
    const last = parseBlock(buffer)
    if (last) yield last
  } finally {
    reader.releaseLock()
  }
}

export function parseBlock(block: string): SseEvent | undefined {
  let event = 'message'
  const data: string[] = []
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (field === 'event') event = value
    else if (field === 'data') data.push(value)
  }
  return data.length ? { event, data: data.join('\n') } : undefined
}
