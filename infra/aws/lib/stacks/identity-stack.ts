import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import type { ParleyConfig } from '../config.js'
import { UserPool } from '../constructs/user-pool.js'
import { namer, tagComponent } from '../naming.js'
import { stackSynthesizer } from '../synthesizer.js'

/** The Cognito user pool: stateful (it holds the users), so it lives apart and is deployed first. */
export class IdentityStack extends Stack {
  readonly userPool: UserPool

  constructor(scope: Construct, id: string, props: StackProps & { config: ParleyConfig }) {
    const { config } = props
    super(scope, id, {
      ...props,
      synthesizer: stackSynthesizer(config),
      env: { account: config.account, region: config.homeRegion },
      description: 'Parley identity: the Cognito user pool and the web app client',
    })
    this.userPool = new UserPool(this, 'UserPool', { name: namer(config.prefix) })
    tagComponent(this.userPool, 'identity')
    new CfnOutput(this, 'UserPoolId', {
      value: this.userPool.pool.userPoolId,
      description: 'Pass as wiring.userPoolId when deploying the other regions',
    })
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.userPool.client.userPoolClientId,
      description: 'Pass as wiring.userPoolClientId when deploying the other regions',
    })
  }
}
