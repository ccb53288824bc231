import { readFileSync } from 'node:fs'
import { autoThreads } from './threads.js'

/** The first line of /proc/stat in clock ticks: everything, and what was idle (idle + iowait). */
export type CpuTicks = { total: number; idle: number }

export function parseProcStat(text: string): CpuTicks | undefined {
  const fields = /^cpu\s+([\d\s]+)$/m.exec(text)?.[1]?.trim().split(/\s+/).map(Number)
  if (!fields || fields.length < 4 || fields.some((n) => !Number.isFinite(n))) return undefined
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user and nice.
  const total = fields.slice(0, 8).reduce((a, n) => a + n, 0)
  return { total, idle: fields[3]! + (fields[4] ?? 0) }
}

/**
 * The threads worth using now: the physical cores less what OTHER processes kept busy since the last sample (all
 * busy ticks, steal included, less this process's own CPU time), at least 1. Unlike the load average, it leaves out
 * the worker's own threads, so a worker decoding on both cores of an otherwise idle machine keeps both.
 */
export function threadsFromSamples(
  cores: number,
  before: { ticks: CpuTicks; ownMicros: number },
  after: { ticks: CpuTicks; ownMicros: number },
  ticksPerSecond = 100,
): number {
  const elapsed = after.ticks.total - before.ticks.total
  if (elapsed <= 0) return autoThreads(cores, 0)
  const busy = elapsed - (after.ticks.idle - before.ticks.idle)
  const own = ((after.ownMicros - before.ownMicros) / 1e6) * ticksPerSecond
  const othersCores = (Math.max(0, busy - own) / elapsed) * Math.max(1, cores)
  return autoThreads(cores, othersCores)
}

/** Samples /proc/stat and process.cpuUsage(); undefined where /proc/stat is not there (not Linux). */
export function cpuSampler(): (() => { ticks: CpuTicks; ownMicros: number }) | undefined {
  const read = () => {
    try {
      return parseProcStat(readFileSync('/proc/stat', 'utf8'))
    } catch {
      return undefined
    }
  }
  if (!read()) return undefined
  return () => {
    const u = process.cpuUsage()
    return { ticks: read()!, ownMicros: u.user + u.system }
  }
}
