import { systemClock } from './clock.js'
import type { IdentityConfig } from './config.js'
import { groupsOf, setMembership } from './ops/admin.js'
import { confirmByHand } from './ops/sign-up.js'
import { type IdentityOverrides, openIdentityStorage } from './start.js'
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
  return {
    /** Confirms a registration by hand; throws UserNotFoundException or NotAuthorizedException (already confirmed). */
    confirmUser: async (email: string) => (await confirmByHand(stores, email)).sub,
    /** Puts the user in a group (or takes them out); returns the groups they are in afterwards. */
    async setGroup(email: string, group: string, member: boolean): Promise<string[]> {
      await setMembership(stores, email, group, member)
      return groupsOf(stores, email)
    },
    /** Starts signing with a new key; the old one stays in the JWKS until the tokens it signed have expired. */
    rotateKeys: () => keys.rotate(),
    close: closeDb,
  }
}

export type IdentityAdmin = Awaited<ReturnType<typeof openIdentityAdmin>>
