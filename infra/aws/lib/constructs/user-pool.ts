import { aws_cognito as cognito, Duration, RemovalPolicy } from 'aws-cdk-lib'
import { Construct } from 'constructs'
import { acknowledge } from '../nag.js'
import type { Namer } from '../naming.js'

/**
 * The user pool the seed asks for: sign-in with email; name and email required; no temporary password (users
 * sign themselves up); a single factor; USER_PASSWORD_AUTH and refresh tokens; an app client without a secret
 * (a browser app cannot keep one).
 */
export class UserPool extends Construct {
  readonly pool: cognito.UserPool
  readonly client: cognito.UserPoolClient

  constructor(scope: Construct, id: string, props: { name: Namer }) {
    super(scope, id)
    const { name } = props
    this.pool = new cognito.UserPool(this, 'Pool', {
      userPoolName: name('user-pool'),
      signInAliases: { email: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: true,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: true, mutable: true },
      },
      mfa: cognito.Mfa.OFF,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 8,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        // Zero days: no temporary passwords are issued; administrators confirm sign-ups instead.
        tempPasswordValidity: Duration.days(0),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    acknowledge(this.pool, 'AwsSolutions-COG2', 'The seed asks for single-factor authentication.')
    acknowledge(
      this.pool,
      'AwsSolutions-COG8',
      'The Plus feature plan (threat protection) is a paid tier a lab account does not have.',
    )
    this.client = this.pool.addClient('WebClient', {
      userPoolClientName: name('web-client'),
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: false, adminUserPassword: false, custom: false },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      enableTokenRevocation: true,
    })
  }

  /** The issuer the JWT authorizers check: `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  get issuer(): string {
    return this.pool.userPoolProviderUrl
  }
}
