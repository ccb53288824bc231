import type { Logger } from '@parley/core'
import type { Db } from '@parley/db'
import type { Clock } from './clock.js'
import { attemptsStore } from './store/attempts.js'
import { codesStore } from './store/codes.js'
import { refreshTokensStore } from './store/refresh-tokens.js'
import { revocationsStore } from './store/revocations.js'
import { usedSignaturesStore } from './store/used-signatures.js'

const EVERY_MS = 3600_000

/**
 * Deletes what expired before `now`: refresh tokens, codes, revocations past their tokens' lifetime, used
 * signatures past their window and, given the throttle window, attempt counters whose window has ended.
 */
export async function pruneExpired(db: Db, now: Date, throttleWindowMs?: number): Promise<void> {
  await refreshTokensStore(db).prune(now)
  await codesStore(db).prune(now)
  await revocationsStore(db).prune(now)
  await usedSignaturesStore(db).prune(now)
  if (throttleWindowMs !== undefined) await attemptsStore(db, { now: () => now.getTime() }, throttleWindowMs).prune()
}

/**
 * Prunes now and then every hour, so the tables hold only what can still be used. Returns a function that stops it.
 */
export function startPruning(db: Db, clock: Clock, log: Logger, throttleWindowMs: number): () => void {
  const prune = async () => {
    try {
      await pruneExpired(db, new Date(clock.now()), throttleWindowMs)
    } catch (err) {
      log.warn({ err }, 'pruning expired tokens and codes failed; will retry')
    }
  }
  void prune()
  const timer = setInterval(prune, EVERY_MS)
  timer.unref()
  return () => clearInterval(timer)
}
