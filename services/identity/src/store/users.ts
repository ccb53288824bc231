import type { Queryable } from '@parley/db'

export type User = {
  sub: string
  email: string
  name: string
  passwordHash: string
  confirmed: boolean
  emailVerified: boolean
  /** False after AdminDisableUser: the account stays, but signing in and refreshing are refused. */
  enabled: boolean
  createdAt: Date
  updatedAt: Date
}

type UserRow = {
  sub: string
  email: string
  name: string
  password_hash: string
  confirmed: boolean
  email_verified: boolean
  enabled: boolean
  created_at: Date
  updated_at: Date
}

const toUser = (r: UserRow): User => ({
  sub: r.sub,
  email: r.email,
  name: r.name,
  passwordHash: r.password_hash,
  confirmed: r.confirmed,
  emailVerified: r.email_verified,
  enabled: r.enabled,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
})

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Emails are stored and looked up lower-cased, so `Ann@x.org` and `ann@x.org` are one account. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase()

export function usersStore(db: Queryable) {
  return {
    /** Inserts a user; returns false when the email is taken (nothing changes then). */
    async insert(u: Omit<User, 'updatedAt' | 'enabled'>): Promise<boolean> {
      const rows = await db.query(
        `INSERT INTO identity_users (sub, email, name, password_hash, confirmed, email_verified, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (email) DO NOTHING RETURNING sub`,
        [u.sub, normalizeEmail(u.email), u.name, u.passwordHash, u.confirmed, u.emailVerified, u.createdAt],
      )
      return rows.length === 1
    },

    /** Finds a user by email or by sub, as Cognito accepts either as the username of an email-alias pool. */
    async find(username: string): Promise<User | undefined> {
      const rows = UUID.test(username)
        ? await db.query<UserRow>('SELECT * FROM identity_users WHERE sub = $1', [username.toLowerCase()])
        : await db.query<UserRow>('SELECT * FROM identity_users WHERE email = $1', [normalizeEmail(username)])
      return rows[0] ? toUser(rows[0]) : undefined
    },

    async confirm(sub: string, at: Date): Promise<void> {
      await db.query(
        'UPDATE identity_users SET confirmed = true, email_verified = true, updated_at = $2 WHERE sub = $1',
        [sub, at],
      )
    },

    async setPassword(sub: string, passwordHash: string, at: Date): Promise<void> {
      await db.query('UPDATE identity_users SET password_hash = $2, updated_at = $3 WHERE sub = $1', [
        sub,
        passwordHash,
        at,
      ])
    },

    async setName(sub: string, name: string, at: Date): Promise<void> {
      await db.query('UPDATE identity_users SET name = $2, updated_at = $3 WHERE sub = $1', [sub, name, at])
    },

    async setEnabled(sub: string, enabled: boolean, at: Date): Promise<void> {
      await db.query('UPDATE identity_users SET enabled = $2, updated_at = $3 WHERE sub = $1', [sub, enabled, at])
    },

    /**
     * One page of users in email order (ListUsers): `where` is one attribute compared exactly or by prefix, `after`
     * the last email of the previous page. Returns one row more than `limit` asks, so the caller knows a next page exists.
     */
    async list(opts: { limit: number; after?: string; where?: UserFilter }): Promise<User[]> {
      const params: unknown[] = [opts.after ?? '', opts.limit + 1]
      let filter = ''
      if (opts.where) {
        const column = { email: 'email', name: 'name', sub: 'sub::text' }[opts.where.attribute]
        const value = opts.where.attribute === 'email' ? normalizeEmail(opts.where.value) : opts.where.value
        params.push(opts.where.prefix ? `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : value)
        filter = `AND ${column} ${opts.where.prefix ? 'LIKE' : '='} $3`
      }
      const rows = await db.query<UserRow>(
        `SELECT * FROM identity_users WHERE email > $1 ${filter} ORDER BY email LIMIT $2`,
        params,
      )
      return rows.map(toUser)
    },

    async remove(sub: string): Promise<boolean> {
      const rows = await db.query('DELETE FROM identity_users WHERE sub = $1 RETURNING sub', [sub])
      return rows.length === 1
    },
  }
}

/** A ListUsers filter: `email ^= "ann"` (prefix) or `email = "ann@x.org"` (exact). */
export type UserFilter = { attribute: 'email' | 'name' | 'sub'; value: string; prefix: boolean }

export type UsersStore = ReturnType<typeof usersStore>
