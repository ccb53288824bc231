import {
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RevokeTokenCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { webConfig } from './config'

let client: { endpoint: string; sdk: CognitoIdentityProviderClient } | undefined

/** One SDK client per endpoint; Parley identity needs dummy credentials, public-client calls never sign. */
function sdk(): CognitoIdentityProviderClient {
  const cfg = webConfig()
  if (client?.endpoint !== cfg.WEB_IDENTITY_ENDPOINT) {
    client = {
      endpoint: cfg.WEB_IDENTITY_ENDPOINT,
      sdk: new CognitoIdentityProviderClient({
        endpoint: cfg.WEB_IDENTITY_ENDPOINT,
        region: cfg.WEB_COGNITO_REGION,
        credentials: { accessKeyId: 'parley', secretAccessKey: 'parley' },
        maxAttempts: 2,
      }),
    }
  }
  return client.sdk
}

const clientId = () => webConfig().WEB_COGNITO_CLIENT_ID

type AnyCommand = { middlewareStack: { add(mw: unknown, opts: { step: 'build'; name: string }): void } }

/**
 * Sends the browser's address along (X-Forwarded-For), so that identity's per-IP limits count this learner and
 * not the web server that all sign-ins come from. Identity believes it only from its IDENTITY_TRUSTED_PROXIES.
 */
function fromClient<C extends AnyCommand>(command: C, ip: string | undefined): C {
  if (!ip) return command
  command.middlewareStack.add(
    (next: (args: { request: { headers: Record<string, string> } }) => Promise<unknown>) =>
      (args: { request: { headers: Record<string, string> } }) => {
        args.request.headers['x-forwarded-for'] = ip
        return next(args)
      },
    { step: 'build', name: 'parleyClientAddress' },
  )
  return command
}

export type Tokens = { accessToken: string; idToken?: string; refreshToken?: string; expiresIn?: number }

export async function signUp(input: { email: string; password: string; name: string }, ip?: string) {
  const out = await sdk().send(
    fromClient(
      new SignUpCommand({
        ClientId: clientId(),
        Username: input.email,
        Password: input.password,
        UserAttributes: [
          { Name: 'email', Value: input.email },
          { Name: 'name', Value: input.name },
        ],
      }),
      ip,
    ),
  )
  return { confirmed: out.UserConfirmed ?? false, destination: out.CodeDeliveryDetails?.Destination }
}

export async function confirmSignUp(email: string, code: string, ip?: string) {
  await sdk().send(
    fromClient(new ConfirmSignUpCommand({ ClientId: clientId(), Username: email, ConfirmationCode: code }), ip),
  )
}

export async function resendCode(email: string, ip?: string) {
  await sdk().send(fromClient(new ResendConfirmationCodeCommand({ ClientId: clientId(), Username: email }), ip))
}

export async function signIn(email: string, password: string, ip?: string): Promise<Tokens> {
  const out = await sdk().send(
    fromClient(
      new InitiateAuthCommand({
        ClientId: clientId(),
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
      ip,
    ),
  )
  return tokensFrom(out.AuthenticationResult)
}

export async function refresh(refreshToken: string): Promise<Tokens> {
  const out = await sdk().send(
    new InitiateAuthCommand({
      ClientId: clientId(),
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    }),
  )
  return tokensFrom(out.AuthenticationResult)
}

export async function forgotPassword(email: string, ip?: string) {
  await sdk().send(fromClient(new ForgotPasswordCommand({ ClientId: clientId(), Username: email }), ip))
}

export async function resetPassword(email: string, code: string, password: string, ip?: string) {
  await sdk().send(
    fromClient(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId(),
        Username: email,
        ConfirmationCode: code,
        Password: password,
      }),
      ip,
    ),
  )
}

/** Ends this browser's session at identity: its refresh token, and with it the session's ID and access tokens. */
export async function revokeSession(refreshToken: string) {
  await sdk().send(new RevokeTokenCommand({ ClientId: clientId(), Token: refreshToken }))
}

export async function signOutEverywhere(accessToken: string) {
  await sdk().send(new GlobalSignOutCommand({ AccessToken: accessToken }))
}

export async function updateName(accessToken: string, name: string) {
  await sdk().send(
    new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: 'name', Value: name }] }),
  )
}

function tokensFrom(
  result: { AccessToken?: string; IdToken?: string; RefreshToken?: string; ExpiresIn?: number } | undefined,
) {
  if (!result?.AccessToken) throw new Error('identity returned no tokens (a challenge is not supported here)')
  return {
    accessToken: result.AccessToken,
    idToken: result.IdToken,
    refreshToken: result.RefreshToken,
    expiresIn: result.ExpiresIn,
  }
}
