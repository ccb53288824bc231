import type { Operation } from '../protocol/operation.js'
import {
  adminAddUserToGroup,
  adminDeleteUser,
  adminDisableUser,
  adminEnableUser,
  adminGetUser,
  adminListGroupsForUser,
  adminRemoveUserFromGroup,
  adminUserGlobalSignOut,
  listUsers,
} from './admin.js'
import { changePassword, confirmForgotPassword, forgotPassword } from './password.js'
import { getTokensFromRefreshToken, initiateAuth } from './sign-in.js'
import { globalSignOut, revokeToken } from './sign-out.js'
import { adminConfirmSignUp, confirmSignUp, resendConfirmationCode, signUp } from './sign-up.js'
import { deleteUser, getUser, updateUserAttributes } from './user.js'

/** Every operation this pool speaks, by its `X-Amz-Target` name. */
export const operations: Record<string, Operation> = {
  SignUp: signUp,
  ConfirmSignUp: confirmSignUp,
  ResendConfirmationCode: resendConfirmationCode,
  AdminConfirmSignUp: adminConfirmSignUp,
  InitiateAuth: initiateAuth,
  GetTokensFromRefreshToken: getTokensFromRefreshToken,
  GetUser: getUser,
  UpdateUserAttributes: updateUserAttributes,
  ChangePassword: changePassword,
  ForgotPassword: forgotPassword,
  ConfirmForgotPassword: confirmForgotPassword,
  GlobalSignOut: globalSignOut,
  RevokeToken: revokeToken,
  AdminGetUser: adminGetUser,
  AdminDeleteUser: adminDeleteUser,
  AdminUserGlobalSignOut: adminUserGlobalSignOut,
  AdminAddUserToGroup: adminAddUserToGroup,
  AdminRemoveUserFromGroup: adminRemoveUserFromGroup,
  AdminListGroupsForUser: adminListGroupsForUser,
  DeleteUser: deleteUser,
  ListUsers: listUsers,
  AdminDisableUser: adminDisableUser,
  AdminEnableUser: adminEnableUser,
}
