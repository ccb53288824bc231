import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider'
import { AppError, BadRequestError, ConflictError, NotFoundError, ServiceUnavailableError } from '@parley/core'
import { ADMIN_GROUP } from '../access-rules.js'

/** Where the identity pool is and how to sign Admin* calls to it (unset credentials: the SDK's default chain). */
export type IdentityAdminConfig = {
  poolId: string
  endpoint?: string
  credentials?: { accessKeyId: string; secretAccessKey: string }
}

export type AdminUser = {
  username: string
  email: string
  name: string
  status: string
  enabled: boolean
  created: string
  admin: boolean
}

export type UsersPage = { users: AdminUser[]; next?: string }

const attr = (u: UserType, name: string) => u.Attributes?.find((a) => a.Name === name)?.Value ?? ''

/** Cognito's errors as the admin API's 4xx: the operator's request was wrong, the gateway is fine. */
function translate(err: unknown): never {
  const name = (err as { name?: string }).name
  const message = (err as Error).message
  if (name === 'UserNotFoundException') throw new NotFoundError('No such user')
  if (name === 'InvalidParameterException') throw new BadRequestError(message)
  if (name === 'NotAuthorizedException') throw new ConflictError(message)
  if (err instanceof AppError) throw err
  throw new ServiceUnavailableError(`The identity pool did not answer: ${message}`, 5)
}

/**
 * The user-pool side of the admin API: Cognito's ListUsers and Admin* operations, signed with the gateway's own
 * credentials, so the same code drives the embedded pool and Cognito on AWS.
 */
export function userDirectory(config: IdentityAdminConfig) {
  const client = new CognitoIdentityProviderClient({
    region: config.poolId.split('_')[0],
    maxAttempts: 1,
    ...(config.endpoint && { endpoint: config.endpoint }),
    ...(config.credentials && { credentials: config.credentials }),
  })
  const UserPoolId = config.poolId
  const call = async <T>(fn: () => Promise<T>) => {
    try {
      return await fn()
    } catch (err) {
      return translate(err)
    }
  }
  const isAdmin = async (Username: string) =>
    ((await client.send(new AdminListGroupsForUserCommand({ UserPoolId, Username }))).Groups ?? []).some(
      (g) => g.GroupName === ADMIN_GROUP,
    )

  return {
    /** One page in email order; `search` is an email prefix. */
    list: (opts: { search?: string; limit: number; next?: string }): Promise<UsersPage> =>
      call(async () => {
        const search = opts.search?.trim()
        const page = await client.send(
          new ListUsersCommand({
            UserPoolId,
            Limit: opts.limit,
            PaginationToken: opts.next || undefined,
            ...(search && { Filter: `email ^= "${search.replace(/["\\]/g, (c) => `\\${c}`)}"` }),
          }),
        )
        const users = await Promise.all(
          (page.Users ?? []).map(async (u) => ({
            username: u.Username ?? '',
            email: attr(u, 'email'),
            name: attr(u, 'name'),
            status: u.UserStatus ?? 'UNKNOWN',
            enabled: u.Enabled !== false,
            created: (u.UserCreateDate ?? new Date(0)).toISOString(),
            admin: await isAdmin(u.Username ?? ''),
          })),
        )
        return { users, ...(page.PaginationToken && { next: page.PaginationToken }) }
      }),
    confirm: (Username: string) => call(() => client.send(new AdminConfirmSignUpCommand({ UserPoolId, Username }))),
    setEnabled: (Username: string, enabled: boolean) =>
      call(() =>
        client.send(
          enabled
            ? new AdminEnableUserCommand({ UserPoolId, Username })
            : new AdminDisableUserCommand({ UserPoolId, Username }),
        ),
      ),
    setAdmin: (Username: string, admin: boolean) =>
      call(() =>
        client.send(
          admin
            ? new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: ADMIN_GROUP })
            : new AdminRemoveUserFromGroupCommand({ UserPoolId, Username, GroupName: ADMIN_GROUP }),
        ),
      ),
    /** Deletes the account; Parley's pool deletes the user's conversations with it (one database). */
    remove: (Username: string) => call(() => client.send(new AdminDeleteUserCommand({ UserPoolId, Username }))),
    close: () => client.destroy(),
  }
}

export type UserDirectory = ReturnType<typeof userDirectory>
