import { expect, test } from 'vitest'
import { cpuSampler, parseProcStat, threadsFromSamples } from '../src/scheduler/free-cores.js'

const stat = (user: number, idle: number, steal = 0) =>
  `cpu  ${user} 0 0 ${idle} 0 0 0 ${steal} 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 1 2 3\n`

test('/proc/stat: all ticks and the idle ones (idle + iowait), from the first line only', () => {
  expect(parseProcStat('cpu  10 1 5 100 4 2 3 6 0 0\ncpu0 1 1 1 1 1 1 1 1 1 1\n')).toEqual({
    total: 10 + 1 + 5 + 100 + 4 + 2 + 3 + 6,
    idle: 104,
  })
  expect(parseProcStat('no cpu line here')).toBeUndefined()
  expect(parseProcStat('cpu  1 2\n')).toBeUndefined()
})

test("the worker's own CPU time does not count as busy: decoding on both cores of an idle machine keeps 2", () => {
  // One second on 2 cores = 200 ticks, all busy, all of it this process (2 s of CPU time).
  const before = { ticks: parseProcStat(stat(1000, 5000))!, ownMicros: 0 }
  const after = { ticks: parseProcStat(stat(1200, 5000))!, ownMicros: 2_000_000 }
  expect(threadsFromSamples(2, before, after)).toBe(2)
})

test('another process holding a core leaves 1 thread, and both cores come back when it stops', () => {
  const t0 = { ticks: parseProcStat(stat(1000, 5000))!, ownMicros: 0 }
  // Busy on both cores: 1 s of it ours, 1 s someone else's.
  const t1 = { ticks: parseProcStat(stat(1200, 5000))!, ownMicros: 1_000_000 }
  expect(threadsFromSamples(2, t0, t1)).toBe(1)
  // Then only we are busy, on one core; the other idles.
  const t2 = { ticks: parseProcStat(stat(1300, 5100))!, ownMicros: 2_000_000 }
  expect(threadsFromSamples(2, t1, t2)).toBe(2)
})

test('stolen ticks (the hypervisor ran someone else) count as busy; never fewer than 1 thread', () => {
  const t0 = { ticks: parseProcStat(stat(1000, 5000, 0))!, ownMicros: 0 }
  const t1 = { ticks: parseProcStat(stat(1000, 5000, 200))!, ownMicros: 0 }
  expect(threadsFromSamples(2, t0, t1)).toBe(1)
  expect(threadsFromSamples(16, t0, t0)).toBe(16)
})

test.skipIf(process.platform !== 'linux')('samples this machine: ticks grow and own CPU time is counted', () => {
  const sample = cpuSampler()!
  const a = sample()
  let x = 0
  for (let i = 0; i < 3e6; i++) x += Math.sqrt(i)
  const b = sample()
  expect(x).toBeGreaterThan(0)
  expect(b.ownMicros).toBeGreaterThan(a.ownMicros)
  expect(b.ticks.total).toBeGreaterThanOrEqual(a.ticks.total)
})
