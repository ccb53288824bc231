import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { loadConfig } from '@parley/core'

const identity = () => import('@parley/identity')

/** The operator actions `parley admin` offers, whichever way they reach the pool. */
export type PoolAdmin = {
  /** How the actions reach the pool, for the operator to see. */
  via: string
  confirmUser(email: string): Promise<string>
  /** Adds or removes the user's membership; returns the groups they are in afterwards. */
  setGroup(email: string, group: string, member: boolean): Promise<string[]>
  /** One page in email order; `search` is an email prefix, `next` the previous page's token. */
  listUsers(opts: { search?: string; limit: number; next?: string }): Promise<{ users: PoolUser[]; next?: string }>
  setEnabled(email: string, enabled: boolean): Promise<void>
  /** Deletes the account with its sessions and conversations. */
  deleteUser(email: string): Promise<void>
  close(): Promise<void>
}

export type PoolUser = { email: string; sub: string; status: string; enabled: boolean; created: Date; groups: string[] }

/**
 * Opens the user pool for `parley admin`. While a pool runs on this data directory (`parley start`, `parley
 * identity`), it is reached over HTTP with signed Admin* calls, through the AWS SDK as on Cognito: the embedded
 * PGlite admits one process, and the running one holds it. Otherwise the commands work on the database directly.
 */
export async function openPoolAdmin(env: NodeJS.ProcessEnv = process.env): Promise<PoolAdmin> {
  const { identityEnv, localAdminCredentials, openIdentityAdmin, runningService } = await identity()
  const config = loadConfig(identityEnv, env)
  const running = runningService(config.PARLEY_DATA_DIR)
  const configured =
    config.IDENTITY_ADMIN_ACCESS_KEY_ID && config.IDENTITY_ADMIN_SECRET_ACCESS_KEY
      ? { accessKeyId: config.IDENTITY_ADMIN_ACCESS_KEY_ID, secretAccessKey: config.IDENTITY_ADMIN_SECRET_ACCESS_KEY }
      : undefined
  const credentials = running && localAdminCredentials(config.PARLEY_DATA_DIR, configured)
  if (running && credentials) {
    const client = new CognitoIdentityProviderClient({
      endpoint: running.url,
      region: running.poolId.split('_')[0],
      credentials,
      maxAttempts: 1,
    })
    const UserPoolId = running.poolId
    const groups = async (Username: string) =>
      ((await client.send(new AdminListGroupsForUserCommand({ UserPoolId, Username }))).Groups ?? []).map(
        (g) => g.GroupName as string,
      )
    return {
      via: `the running pool at ${running.url} (pid ${running.pid})`,
      async confirmUser(Username) {
        await client.send(new AdminConfirmSignUpCommand({ UserPoolId, Username }))
        return (await client.send(new AdminGetUserCommand({ UserPoolId, Username }))).Username as string
      },
      async setGroup(Username, GroupName, member) {
        const command = member
          ? new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName })
          : new AdminRemoveUserFromGroupCommand({ UserPoolId, Username, GroupName })
        await client.send(command)
        return groups(Username)
      },
      async listUsers({ search, limit, next }) {
        const filter = search ? `email ^= "${search.replace(/["\\]/g, (c) => `\\${c}`)}"` : undefined
        const page = await client.send(
          new ListUsersCommand({ UserPoolId, Limit: limit, PaginationToken: next, Filter: filter }),
        )
        const users = await Promise.all(
          (page.Users ?? []).map(async (u) => ({
            email: u.Attributes?.find((a) => a.Name === 'email')?.Value ?? '',
            sub: u.Username ?? '',
            status: u.UserStatus ?? 'UNKNOWN',
            enabled: u.Enabled !== false,
            created: u.UserCreateDate ?? new Date(0),
            groups: await groups(u.Username ?? ''),
          })),
        )
        return { users, next: page.PaginationToken }
      },
      async setEnabled(Username, enabled) {
        await client.send(
          enabled
            ? new AdminEnableUserCommand({ UserPoolId, Username })
            : new AdminDisableUserCommand({ UserPoolId, Username }),
        )
      },
      async deleteUser(Username) {
        await client.send(new AdminDeleteUserCommand({ UserPoolId, Username }))
      },
      close: async () => client.destroy(),
    }
  }
  const admin = await openIdentityAdmin(config)
  return {
    via: 'the database directly (no pool is running on this data directory)',
    confirmUser: admin.confirmUser,
    setGroup: admin.setGroup,
    async listUsers({ search, limit, next }) {
      const after = next ? Buffer.from(next, 'base64url').toString('utf8') : undefined
      const rows = await admin.listUsers({ search, limit, after })
      const page = rows.slice(0, limit)
      const users = await Promise.all(
        page.map(async (u) => ({
          email: u.email,
          sub: u.sub,
          status: u.confirmed ? 'CONFIRMED' : 'UNCONFIRMED',
          enabled: u.enabled,
          created: u.createdAt,
          groups: await admin.groupsOf(u.email),
        })),
      )
      const last = page.at(-1)
      return { users, next: rows.length > limit && last ? Buffer.from(last.email).toString('base64url') : undefined }
    },
    setEnabled: admin.setEnabled,
    deleteUser: admin.deleteUser,
    close: admin.close,
  }
}
