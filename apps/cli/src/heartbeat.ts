import type { Logger } from '@parley/core'

/**
 * Awaits `work`, logging "still <what> (N s)" every `everyMs` while it runs, so that a long first-start step (creating
 * the database on a busy machine takes most of a minute) never leaves the terminal silent.
 */
export async function withHeartbeat<T>(log: Logger, what: string, work: Promise<T>, everyMs = 10_000): Promise<T> {
  const started = Date.now()
  const timer = setInterval(() => {
    log.info(`still ${what} (${Math.round((Date.now() - started) / 1000)} s)`)
  }, everyMs)
  timer.unref()
  try {
    return await work
  } finally {
    clearInterval(timer)
  }
}
