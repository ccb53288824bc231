import type { Logger } from '@parley/core'
import type { Db } from '@parley/db'
import type { Clock } from './clock.js'
import { codesStore } from './store/codes.js'
import { refreshTokensStore } from './store/refresh-tokens.js'

const EVERY_MS = 3600_000

/** Deletes the refresh tokens and codes that expired before `now`. */
export async function pruneExpired(db: Db, now: Date): Promise<void> {
  await refreshTokensStore(db).prune(now)
  await codesStore(db).prune(now)
}

/**
 * Deletes expired refresh tokens and codes now and then every hour, so the tables hold only what can still be
 * used. Returns a function that stops it.
 */
export function startPruning(db: Db, clock: Clock, log: Logger): () => void {
  const prune = async () => {
    try {
      await pruneExpired(db, new Date(clock.now()))
    } catch (err) {
      log.warn({ err }, 'pruning expired tokens and codes failed; will retry')
    }
  }
  void prune()
  const timer = setInterval(prune, EVERY_MS)
  timer.unref()
  return () => clearInterval(timer)
}
