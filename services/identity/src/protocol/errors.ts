/** The error types the Cognito user-pool API answers with; the SDK turns `__type` into an exception class. */
export type CognitoErrorType =
  | 'NotAuthorizedException'
  | 'UsernameExistsException'
  | 'UserNotConfirmedException'
  | 'UserNotFoundException'
  | 'InvalidPasswordException'
  | 'CodeMismatchException'
  | 'ExpiredCodeException'
  | 'InvalidParameterException'
  | 'LimitExceededException'
  | 'TooManyRequestsException'
  | 'ResourceNotFoundException'
  | 'UnsupportedTokenTypeException'
  | 'UnknownOperationException'
  | 'SerializationException'
  | 'InvalidSignatureException'

/** Thrown anywhere inside an operation; the app maps it once to HTTP 400 `{"__type", "message"}`. */
export class CognitoError extends Error {
  constructor(
    readonly type: CognitoErrorType,
    message: string,
  ) {
    super(message)
    this.name = type
  }
}

// The one answer for an unknown user and a wrong password, so that neither reveals whether an account exists.
export const badCredentials = () => new CognitoError('NotAuthorizedException', 'Incorrect username or password.')
export const invalidAccessToken = () => new CognitoError('NotAuthorizedException', 'Invalid Access Token')
export const invalidParameter = (message: string) => new CognitoError('InvalidParameterException', message)
