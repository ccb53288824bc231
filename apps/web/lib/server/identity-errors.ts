/** Cognito exception names mapped to a status and a message safe to show on the sign-in pages. */
const KNOWN: Record<string, [number, string]> = {
  UsernameExistsException: [409, 'An account with this email already exists.'],
  InvalidPasswordException: [400, 'The password does not meet the policy.'],
  InvalidParameterException: [400, 'Some of the details are not valid.'],
  CodeMismatchException: [400, 'That code is not right.'],
  ExpiredCodeException: [400, 'That code has expired. Ask for a new one.'],
  NotAuthorizedException: [401, 'Incorrect email or password.'],
  UserNotConfirmedException: [403, 'Please confirm your email first.'],
  UserNotFoundException: [401, 'Incorrect email or password.'],
  LimitExceededException: [429, 'Too many attempts. Wait a little and try again.'],
  TooManyRequestsException: [429, 'Too many attempts. Wait a little and try again.'],
  TooManyFailedAttemptsException: [429, 'Too many attempts. Wait a little and try again.'],
}

export type IdentityFailure = { status: number; code: string; message: string }

export function identityFailure(err: unknown): IdentityFailure {
  const name = (err as { name?: string })?.name ?? ''
  const known = KNOWN[name]
  if (known) {
    // Identity's own message is more precise for policy failures (it names the missing rule).
    const detail = name === 'InvalidPasswordException' ? (err as Error).message || known[1] : known[1]
    return { status: known[0], code: name, message: detail }
  }
  const networkish = /ECONNREFUSED|fetch failed|ENOTFOUND|socket/i.test(String((err as Error)?.message))
  return networkish
    ? { status: 503, code: 'identity_unavailable', message: 'The sign-in service is not reachable right now.' }
    : { status: 502, code: 'identity_error', message: 'The sign-in service failed. Try again.' }
}
