import { expect, test } from 'vitest'
import { coalescingWriter } from '../src/http/streams.js'

// Streamed chunks are coalesced per window (LLM_STREAM_COALESCE_MS): whole items, in order, none lost or repeated.
// Windows here are far longer than the test's synchronous steps, so nothing depends on how fast the machine is.

test('with no window every item is written at once, one write each', () => {
  const writes: string[] = []
  const w = coalescingWriter(0, (t) => writes.push(t))
  w.write('a')
  w.write('b')
  expect(writes).toEqual(['a', 'b'])
})

test('the first item of a window is written at once and the rest go out together, in order, when flushed', () => {
  const writes: string[] = []
  const w = coalescingWriter(60_000, (t) => writes.push(t))
  w.write('{"n":1}\n')
  expect(writes).toEqual(['{"n":1}\n'])
  w.write('{"n":2}\n')
  w.write('{"n":3}\n')
  expect(writes).toHaveLength(1)
  w.flush()
  expect(writes).toEqual(['{"n":1}\n', '{"n":2}\n{"n":3}\n'])
  // Flushing with nothing pending writes nothing, and the next window starts again.
  w.flush()
  w.write('{"n":4}\n')
  expect(writes).toHaveLength(2)
  w.flush()
  expect(writes.join('')).toBe('{"n":1}\n{"n":2}\n{"n":3}\n{"n":4}\n')
})

test('what is pending goes out when the window ends, without a flush', async () => {
  const writes: string[] = []
  let wrote!: () => void
  const second = new Promise<void>((resolve) => {
    wrote = resolve
  })
  const w = coalescingWriter(20, (t) => {
    writes.push(t)
    if (writes.length === 2) wrote()
  })
  w.write('a')
  w.write('b')
  w.write('c')
  await second
  expect(writes).toEqual(['a', 'bc'])
})

test('a dropped writer (the client left) writes nothing more', async () => {
  const writes: string[] = []
  const w = coalescingWriter(5, (t) => writes.push(t))
  w.write('a')
  w.write('b')
  w.drop()
  await new Promise((resolve) => setTimeout(resolve, 30))
  expect(writes).toEqual(['a'])
})
