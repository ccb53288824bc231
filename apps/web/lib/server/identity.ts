import {
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
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

export type Tokens = { accessToken: string; idToken?: string; refreshToken?: string; expiresIn?: number }

export async function signUp(input: { email: string; password: string; name: string }) {
  const out = await sdk().send(
    new SignUpCommand({
      ClientId: clientId(),
      Username: input.email,
      Password: input.password,
      UserAttributes: [
        { Name: 'email', Value: input.email },
        { Name: 'name', Value: input.name },
      ],
    }),
  )
  return { confirmed: out.UserConfirmed ?? false, destination: out.CodeDeliveryDetails?.Destination }
}

export async function confirmSignUp(email: string, code: string) {
  await sdk().send(new ConfirmSignUpCommand({ ClientId: clientId(), Username: email, ConfirmationCode: code }))
}

export async function resendCode(email: string) {
  await sdk().send(new ResendConfirmationCodeCommand({ ClientId: clientId(), Username: email }))
}

export async function signIn(email: string, password: string): Promise<Tokens> {
  const out = await sdk().send(
    new InitiateAuthCommand({
      ClientId: clientId(),
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
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

export async function forgotPassword(email: string) {
  await sdk().send(new ForgotPasswordCommand({ ClientId: clientId(), Username: email }))
}

export async function resetPassword(email: string, code: string, password: string) {
  await sdk().send(
    new ConfirmForgotPasswordCommand({
      ClientId: clientId(),
      Username: email,
      ConfirmationCode: code,
      Password: password,
    }),
  )
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
