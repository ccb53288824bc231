import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
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
  close(): Promise<void>
}

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
      close: async () => client.destroy(),
    }
  }
  const admin = await openIdentityAdmin(config)
  return {
    via: 'the database directly (no pool is running on this data directory)',
    confirmUser: admin.confirmUser,
    setGroup: admin.setGroup,
    close: admin.close,
  }
}
