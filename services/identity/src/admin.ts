import { systemClock } from './clock.js'
import type { IdentityConfig } from './config.js'
import { groupsOf, setMembership } from './ops/admin.js'
import { deleteUserAndData } from './ops/deletion.js'
import { endSessions } from './ops/sessions.js'
import { confirmByHand } from './ops/sign-up.js'
import type { Pool } from './pool.js'
import { CognitoError } from './protocol/errors.js'
import { type IdentityOverrides, MAX_CLOCK_SKEW_S, openIdentityStorage } from './start.js'
import { groupsStore } from './store/groups.js'
import { usersStore } from './store/users.js'

/**
 * Operator actions straight on the pool's database, for `parley admin`: they need no admin credentials and no
 * running service, only the same DATABASE_URL / PARLEY_DATA_DIR (and IDENTITY_KEY_SECRET) as the service.
 */
export async function openIdentityAdmin(config: IdentityConfig, overrides: IdentityOverrides = {}) {
  const { db, keys, closeDb } = await openIdentityStorage(config, overrides)
  const clock = overrides.clock ?? systemClock
  const stores = { db, clock, users: usersStore(db), groups: groupsStore(db) }
  // What ending sessions needs of the pool's settings: how long a revoked session stays listed.
  const revocationTtlS = Math.max(config.IDENTITY_ID_TOKEN_TTL_S, config.IDENTITY_ACCESS_TOKEN_TTL_S) + MAX_CLOCK_SKEW_S
  const session = { db, clock, settings: { revocationTtlS } as Pool['settings'] }
  const findOrThrow = async (email: string) => {
    const user = await stores.users.find(email)
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.')
    return user
  }
  return {
    /** Confirms a registration by hand; throws UserNotFoundException or NotAuthorizedException (already confirmed). */
    confirmUser: async (email: string) => (await confirmByHand(stores, email)).sub,
    /** Puts the user in a group (or takes them out); returns the groups they are in afterwards. */
    async setGroup(email: string, group: string, member: boolean): Promise<string[]> {
      await setMembership(stores, email, group, member)
      return groupsOf(stores, email)
    },
    groupsOf: (email: string) => groupsOf(stores, email),
    /** One page of users in email order (as ListUsers), `search` an email prefix; `after` the last email seen. */
    listUsers: (opts: { search?: string; limit: number; after?: string }) =>
      stores.users.list({
        limit: opts.limit,
        after: opts.after,
        where: opts.search ? { attribute: 'email', value: opts.search, prefix: true } : undefined,
      }),
    /** AdminDisableUser / AdminEnableUser: a disabled user's sessions end and sign-in is refused. */
    async setEnabled(email: string, enabled: boolean): Promise<void> {
      const user = await findOrThrow(email)
      await stores.users.setEnabled(user.sub, enabled, new Date(clock.now()))
      if (!enabled) await endSessions(session, user.sub)
    },
    /** AdminDeleteUser: the account, its sessions and its conversations. */
    async deleteUser(email: string): Promise<void> {
      const user = await findOrThrow(email)
      await deleteUserAndData(session, user.sub)
    },
    /** Starts signing with a new key; the old one stays in the JWKS until the tokens it signed have expired. */
    rotateKeys: () => keys.rotate(),
    close: closeDb,
  }
}

export type IdentityAdmin = Awaited<ReturnType<typeof openIdentityAdmin>>
