import type { Logger } from '@parley/core'
import type { Db } from '@parley/db'
import type { Clock } from './clock.js'
import type { CodeSender } from './delivery/code-sender.js'
import type { PasswordHasher, PasswordPolicy } from './security/passwords.js'
import type { AdminCredentials } from './security/sigv4.js'
import { type AttemptsStore, attemptsStore } from './store/attempts.js'
import { codesStore } from './store/codes.js'
import { groupsStore } from './store/groups.js'
import { refreshTokensStore } from './store/refresh-tokens.js'
import { revocationsStore } from './store/revocations.js'
import { usersStore } from './store/users.js'
import type { TokenIssuer } from './tokens/issuer.js'

/** The settings of one user pool, already parsed from the environment. */
export type PoolSettings = {
  poolId: string
  clientId: string
  autoConfirm: boolean
  refreshTtlS: number
  passwordPolicy: PasswordPolicy
  maxFailuresPerUser: number
  maxFailuresPerIp: number
  maxCodesPerUser: number
  maxSignUpsPerIp: number
  /** How long a revoked session stays on the revocation list: the longest ID/access token lifetime. */
  revocationTtlS: number
  admin?: AdminCredentials
}

/** Everything an operation works with; built once per app. */
export type Pool = {
  db: Db
  log: Logger
  clock: Clock
  settings: PoolSettings
  users: ReturnType<typeof usersStore>
  refreshTokens: ReturnType<typeof refreshTokensStore>
  codes: ReturnType<typeof codesStore>
  hasher: PasswordHasher
  tokens: TokenIssuer
  sender: CodeSender
  groups: ReturnType<typeof groupsStore>
  revocations: ReturnType<typeof revocationsStore>
  /** Password and code attempts, codes sent and sign-ups, counted in the database. */
  attempts: AttemptsStore
}

export function poolStores(db: Db) {
  return {
    users: usersStore(db),
    refreshTokens: refreshTokensStore(db),
    codes: codesStore(db),
    groups: groupsStore(db),
    revocations: revocationsStore(db),
  }
}

export { attemptsStore }

export const nowDate = (pool: Pick<Pool, 'clock'>) => new Date(pool.clock.now())
