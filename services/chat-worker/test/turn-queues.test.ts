import { describe, expect, test } from 'vitest'
import { Coalescer } from '../src/turn/coalescer.js'
import { KeyedQueue } from '../src/turn/keyed-queue.js'

/** A promise the test settles by hand, so the order of events is fixed without timers. */
function gate<T = void>() {
  let open!: (v: T) => void
  const promise = new Promise<T>((resolve) => {
    open = resolve
  })
  return { promise, open }
}

describe('KeyedQueue', () => {
  test('runs one task at a time per key, in order, and a failure does not stop the next', async () => {
    const q = new KeyedQueue()
    const log: string[] = []
    const first = gate()
    const a = q.run('k', async () => {
      log.push('a start')
      await first.promise
      log.push('a end')
    })
    const b = q.run('k', async () => {
      log.push('b')
      throw new Error('b failed')
    })
    const c = q.run('k', async () => log.push('c'))
    const other = q.run('other', async () => log.push('other'))
    await other
    expect(log).toEqual(['a start', 'other'])
    first.open()
    await a
    await expect(b).rejects.toThrow('b failed')
    await c
    expect(log).toEqual(['a start', 'other', 'a end', 'b', 'c'])
    expect(q.size).toBe(0)
  })
})

describe('Coalescer', () => {
  test('requests during a run share one more run, which uses the newest job', async () => {
    const co = new Coalescer<string>()
    const running = gate<string>()
    const ran: string[] = []
    const first = co.request('k', () => {
      ran.push('1')
      return running.promise
    })
    const second = co.request('k', async () => {
      ran.push('2')
      return 'two'
    })
    const third = co.request('k', async () => {
      ran.push('3')
      return 'three'
    })
    expect(ran).toEqual(['1'])
    running.open('one')
    expect(await first).toBe('one')
    expect(await second).toBe('three')
    expect(await third).toBe('three')
    expect(ran).toEqual(['1', '3'])
    expect(co.size).toBe(0)
  })

  test('a failed run does not block the waiting one', async () => {
    const co = new Coalescer<string>()
    const failing = gate<void>()
    const first = co.request('k', async () => {
      await failing.promise
      throw new Error('down')
    })
    const next = co.request('k', async () => 'ok')
    failing.open()
    await expect(first).rejects.toThrow('down')
    expect(await next).toBe('ok')
  })
})
