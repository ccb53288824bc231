import type { Queryable } from '@parley/db'

/** The groups this pool knows. Only `admin` exists: it may manage models (see docs/security.md). */
export const GROUPS = ['admin'] as const
export type GroupName = (typeof GROUPS)[number]
export const isGroup = (name: string): name is GroupName => (GROUPS as readonly string[]).includes(name)

export function groupsStore(db: Queryable) {
  return {
    /** The user's groups, sorted; what `cognito:groups` carries. */
    async of(sub: string): Promise<string[]> {
      const rows = await db.query<{ group_name: string }>(
        'SELECT group_name FROM identity_user_groups WHERE sub = $1 ORDER BY group_name',
        [sub],
      )
      return rows.map((r) => r.group_name)
    },

    /** Adds the user to a group; adding twice changes nothing, as in Cognito. */
    async add(sub: string, group: GroupName, at: Date): Promise<void> {
      await db.query(
        'INSERT INTO identity_user_groups (sub, group_name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [sub, group, at],
      )
    },

    async remove(sub: string, group: GroupName): Promise<void> {
      await db.query('DELETE FROM identity_user_groups WHERE sub = $1 AND group_name = $2', [sub, group])
    },
  }
}

export type GroupsStore = ReturnType<typeof groupsStore>
