import { describe, expect, test } from 'vitest'
import { WorkerPool } from '../src/pool.js'
import { STRATEGIES } from '../src/strategies/index.js'

const clock = { t: 0, now: () => clock.t }
const policy = { ejectAfterFailures: 2, cooldownMs: 1000 }
const pool = (strategy: keyof typeof STRATEGIES, n = 3) =>
  new WorkerPool(
    'r',
    'llm',
    Array.from({ length: n }, (_, i) => `http://w${i}`),
    STRATEGIES[strategy](),
    policy,
    clock,
  )

describe('least-outstanding', () => {
  test('spreads concurrent leases evenly, then prefers the worker that frees up', () => {
    const p = pool('least-outstanding')
    const leases = Array.from({ length: 6 }, () => p.acquire()!)
    expect(p.workers.map((w) => w.outstanding)).toEqual([2, 2, 2])
    leases.find((l) => l.worker.url === 'http://w1')!.done({ ok: true })
    expect(p.acquire()!.worker.url).toBe('http://w1')
  })

  test('rotates among idle workers instead of always taking the first', () => {
    const p = pool('least-outstanding')
    const picked = Array.from({ length: 3 }, () => {
      const lease = p.acquire()!
      lease.done({ ok: true })
      return lease.worker.url
    })
    expect(new Set(picked).size).toBe(3)
  })
})

describe('lowest-latency', () => {
  test('samples every worker once, then favours the fastest', () => {
    const p = pool('lowest-latency', 2)
    const first = p.acquire()!
    first.done({ ok: true, firstByteMs: 50 })
    const second = p.acquire()!
    expect(second.worker.url).not.toBe(first.worker.url)
    second.done({ ok: true, firstByteMs: 5 })
    expect(p.acquire()!.worker.url).toBe(second.worker.url)
  })
})

describe('round-robin', () => {
  test('takes each worker in turn regardless of load', () => {
    const p = pool('round-robin')
    expect(Array.from({ length: 4 }, () => p.acquire()!.worker.url)).toEqual([
      'http://w0',
      'http://w1',
      'http://w2',
      'http://w0',
    ])
  })
})

describe('ejection', () => {
  test('consecutive failures eject a worker for the cooldown; a success in between resets the count', () => {
    const p = pool('least-outstanding', 1)
    p.acquire()!.done({ ok: false })
    p.acquire()!.done({ ok: true })
    p.acquire()!.done({ ok: false })
    expect(p.snapshot()).toMatchObject({ healthy: 1 })
    p.acquire()!.done({ ok: false })
    expect(p.acquire()).toBeUndefined()
    expect(p.snapshot()).toMatchObject({ healthy: 0, total: 1 })
    clock.t += 1000
    expect(p.acquire()).toBeDefined()
  })
})
