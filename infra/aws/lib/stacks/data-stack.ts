import { type aws_ec2 as ec2, Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { homeZone, otherZones, type ParleyConfig } from '../config.js'
import { Database } from '../constructs/database.js'
import { SharedStorage } from '../constructs/shared-storage.js'
import { namer, tagComponent } from '../naming.js'
import { stackSynthesizer } from '../synthesizer.js'

export type DataStackProps = StackProps & {
  config: ParleyConfig
  vpc: ec2.IVpc
  workerSecurityGroup: ec2.ISecurityGroup
}

/** Stateful resources of the home region, kept apart so that stateless stacks can be replaced freely. */
export class DataStack extends Stack {
  readonly storage: SharedStorage
  readonly database: Database
  private readonly zoneAzs: string[]

  constructor(scope: Construct, id: string, props: DataStackProps) {
    const { config } = props
    const home = homeZone(config)
    super(scope, id, {
      ...props,
      synthesizer: stackSynthesizer(config),
      env: { account: config.account, region: home.region },
      description: 'Parley data: EFS model store (/share) and PostgreSQL with pgvector, credentials in Secrets Manager',
    })
    this.zoneAzs = [...home.availabilityZones]
    const name = namer(config.prefix)

    this.storage = new SharedStorage(this, 'SharedStorage', {
      name,
      vpc: props.vpc,
      workerSecurityGroup: props.workerSecurityGroup,
      peerZones: otherZones(config, home.region),
      mountTargetIps: config.efsMountTargetIps,
    })
    tagComponent(this.storage, 'storage')

    this.database = new Database(this, 'Database', { name, vpc: props.vpc, config: config.database })
    tagComponent(this.database, 'database')
  }

  override get availabilityZones(): string[] {
    return this.zoneAzs
  }
}
