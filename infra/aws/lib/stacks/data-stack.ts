import { type aws_ec2 as ec2, Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { homeZone, type ParleyConfig } from '../config.js'
import { Database } from '../constructs/database.js'
import { namer, tagComponent } from '../naming.js'
import { stackSynthesizer } from '../synthesizer.js'

export type DataStackProps = StackProps & { config: ParleyConfig; vpc: ec2.IVpc }

/**
 * The database of the home region, kept apart so that stateless stacks can be replaced freely. (The EFS model store
 * lives in the home zone's stack, so that its workers are created only after the store they mount.)
 */
export class DataStack extends Stack {
  readonly database: Database
  private readonly zoneAzs: string[]

  constructor(scope: Construct, id: string, props: DataStackProps) {
    const { config } = props
    const home = homeZone(config)
    super(scope, id, {
      ...props,
      synthesizer: stackSynthesizer(config),
      env: { account: config.account, region: home.region },
      description: 'Parley data: PostgreSQL with pgvector, credentials in Secrets Manager',
    })
    this.zoneAzs = [...home.availabilityZones]
    this.database = new Database(this, 'Database', {
      name: namer(config.prefix),
      vpc: props.vpc,
      config: config.database,
    })
    tagComponent(this.database, 'database')
  }

  override get availabilityZones(): string[] {
    return this.zoneAzs
  }
}
