import { describe, expect, test } from 'vitest'
import { parseBlock, readSse } from '../lib/sse'

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder()
  return new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(enc.encode(chunk))
      c.close()
    },
  })
}

async function collect(chunks: string[]) {
  const out = []
  for await (const ev of readSse(streamOf(chunks))) out.push(ev)
  return out
}

describe('readSse', () => {
  test('events split across chunks, comments skipped', async () => {
    const events = await collect([
      ': keep-alive\n\nevent: tok',
      'en\ndata: {"text":"Hi"}\n',
      '\nevent: done\ndata: {}\n\n',
    ])
    expect(events).toEqual([
      { event: 'token', data: '{"text":"Hi"}' },
      { event: 'done', data: '{}' },
    ])
  })

  test('CRLF line endings and multi-line data', async () => {
    expect(await collect(['data: a\r\ndata: b\r\n\r\n'])).toEqual([{ event: 'message', data: 'a\nb' }])
  })

  test('a multi-byte character split between chunks survives', async () => {
    const bytes = new TextEncoder().encode('data: café 🎉\n\n')
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, 10))
        c.enqueue(bytes.slice(10))
        c.close()
      },
    })
    const out = []
    for await (const ev of readSse(stream)) out.push(ev)
    expect(out).toEqual([{ event: 'message', data: 'café 🎉' }])
  })

  test('a block without data is no event', () => {
    expect(parseBlock('event: ping')).toBeUndefined()
  })
})
