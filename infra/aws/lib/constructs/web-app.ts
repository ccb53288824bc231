import {
  aws_amplify as amplify,
  CfnOutput,
  RemovalPolicy,
  SecretValue,
  aws_secretsmanager as secrets,
} from 'aws-cdk-lib'
import { Construct } from 'constructs'
import { acknowledge } from '../nag.js'
import type { Namer } from '../naming.js'

export type WebAppProps = {
  name: Namer
  region: string
  /** Public API origin the web app's server side calls. */
  gatewayUrl: string
  userPoolClientId: string
  repository: string | undefined
}

/** apps/web builds from the monorepo root; Amplify runs it as a Next.js SSR app. */
const BUILD_SPEC = `version: 1
applications:
  - appRoot: apps/web
    frontend:
      phases:
        preBuild:
          commands:
            - cd ../.. && npm ci --no-audit --no-fund && cd apps/web
        build:
          commands:
            - npx next build
      artifacts:
        baseDirectory: .next
        files:
          - '**/*'
      cache:
        paths:
          - ../../node_modules/**/*
`

/**
 * The Amplify app for apps/web, its environment set from the other stacks' outputs. Without a repository it is
 * deployed from a zip (docs/deploy.md); with one, Amplify builds each push to the branch.
 */
export class WebApp extends Construct {
  readonly app: amplify.CfnApp

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id)
    const { name } = props
    // The session cookie's key must be the same on every SSR instance, so it cannot be generated per process.
    const sessionSecret = new secrets.Secret(this, 'SessionSecret', {
      secretName: name('web-session-secret'),
      description: 'Key material of the Parley web session cookie',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    })
    acknowledge(
      sessionSecret,
      'AwsSolutions-SMG4',
      'Rotating the cookie key signs every learner out; rotation would also need a Lambda role AWS Academy forbids.',
    )
    const env: Record<string, string> = {
      AMPLIFY_MONOREPO_APP_ROOT: 'apps/web',
      WEB_GATEWAY_URL: props.gatewayUrl,
      WEB_IDENTITY_ENDPOINT: `https://cognito-idp.${props.region}.amazonaws.com`,
      WEB_COGNITO_REGION: props.region,
      WEB_COGNITO_CLIENT_ID: props.userPoolClientId,
      WEB_DEFAULT_REGION: props.region,
      WEB_SESSION_SECRET: sessionSecret.secretValue.unsafeUnwrap(),
    }
    const environmentVariables = Object.entries(env).map(([name, value]) => ({ name, value }))

    this.app = new amplify.CfnApp(this, 'App', {
      name: name('web'),
      description: 'Parley web client (apps/web, Next.js)',
      platform: 'WEB_COMPUTE',
      buildSpec: BUILD_SPEC,
      environmentVariables,
      // Amplify needs a token to read the repository; it is kept in Secrets Manager, never in the template.
      ...(props.repository
        ? { repository: props.repository, accessToken: SecretValue.secretsManager(name('github-token')).unsafeUnwrap() }
        : {}),
    })
    const branch = new amplify.CfnBranch(this, 'Main', {
      appId: this.app.attrAppId,
      branchName: 'main',
      description: 'Production branch of the Parley web client',
      framework: 'Next.js - SSR',
      stage: 'PRODUCTION',
      enableAutoBuild: Boolean(props.repository),
    })
    new CfnOutput(this, 'WebUrl', {
      key: 'WebUrl',
      value: `https://${branch.branchName}.${this.app.attrDefaultDomain}`,
      description: 'Parley web client',
    })
    new CfnOutput(this, 'WebAppId', {
      key: 'WebAppId',
      value: this.app.attrAppId,
      description: 'Amplify app id (for zip deploys)',
    })
  }
}
