import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { RequestFailedError } from './gateway-client.js'
import { SIM_PASSWORD } from './learners.js'
import type { SimStats } from './stats.js'

export type IdentityTarget = { url: string; clientId: string; region: string }
export type SignedIn = { sub: string; token: string; created: boolean }

type SdkError = { name?: string; $metadata?: { httpStatusCode?: number } }

/**
 * Signs the learner up (or re-uses the account when it exists) and signs in with USER_PASSWORD_AUTH, as the web
 * app does; both calls are timed into `stats`.
 */
export async function signInLearner(
  identity: IdentityTarget,
  email: string,
  stats?: SimStats,
  opts: { signUp?: boolean } = {},
): Promise<SignedIn> {
  const cognito = new CognitoIdentityProviderClient({
    endpoint: identity.url,
    region: identity.region,
    credentials: { accessKeyId: 'none', secretAccessKey: 'none' },
    maxAttempts: 1,
  })
  try {
    let created = opts.signUp !== false
    if (created)
      await timed(stats, 'cognito SignUp', ['UsernameExistsException'], async () => {
        try {
          await cognito.send(
            new SignUpCommand({
              ClientId: identity.clientId,
              Username: email,
              Password: SIM_PASSWORD,
              UserAttributes: [
                { Name: 'email', Value: email },
                { Name: 'name', Value: 'Simulated Learner' },
              ],
            }),
          )
        } catch (err) {
          if ((err as SdkError).name === 'UsernameExistsException') created = false
          throw err
        }
      })
    const auth = await timed(stats, 'cognito InitiateAuth', [], () =>
      cognito.send(
        new InitiateAuthCommand({
          ClientId: identity.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: SIM_PASSWORD },
        }),
      ),
    )
    const token = auth?.AuthenticationResult?.IdToken
    if (!token) throw new Error(`sign-in of ${email} returned no ID token (challenge ${auth?.ChallengeName ?? 'none'})`)
    return { sub: subjectOf(token), token, created }
  } finally {
    cognito.destroy()
  }
}

/** Times one SDK call; errors named in `expected` count as successes and resolve to undefined. */
async function timed<T>(
  stats: SimStats | undefined,
  endpoint: string,
  expected: string[],
  call: () => Promise<T>,
): Promise<T | undefined> {
  const started = performance.now()
  try {
    const result = await call()
    stats?.record({ endpoint, status: 200, ms: performance.now() - started, ok: true })
    return result
  } catch (err) {
    const { name, $metadata } = err as SdkError
    const ok = name !== undefined && expected.includes(name)
    const status = $metadata?.httpStatusCode ?? 0
    stats?.record({ endpoint, status, ms: performance.now() - started, ok })
    if (ok) return undefined
    throw new RequestFailedError(endpoint, status, `${name ?? 'Error'}: ${(err as Error).message}`)
  }
}

function subjectOf(idToken: string): string {
  const payload = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    sub?: unknown
  }
  if (typeof payload.sub !== 'string') throw new Error('ID token has no sub claim')
  return payload.sub
}
