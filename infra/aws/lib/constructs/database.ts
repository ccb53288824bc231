import { CfnOutput, Duration, aws_ec2 as ec2, RemovalPolicy, aws_rds as rds } from 'aws-cdk-lib'
import { Construct } from 'constructs'
import type { ParleyConfig } from '../config.js'
import { acknowledge } from '../nag.js'
import type { Namer } from '../naming.js'

export type DatabaseProps = { name: Namer; vpc: ec2.IVpc; config: ParleyConfig['database'] }

/**
 * PostgreSQL on RDS (an engine version that ships pgvector) in the private subnets, its credentials generated into
 * Secrets Manager. `sg-db` admits 5432 only from `sg-lambda`, the conversations Lambda's group, which lives here
 * too so that the rule between them stays inside one stack.
 */
export class Database extends Construct {
  readonly instance: rds.DatabaseInstance
  readonly securityGroup: ec2.SecurityGroup
  readonly clientSecurityGroup: ec2.SecurityGroup

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id)
    const { name, vpc, config } = props

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      securityGroupName: name('sg-db'),
      description: 'PostgreSQL: 5432 only from the conversations Lambda (sg-lambda)',
      allowAllOutbound: false,
    })
    this.clientSecurityGroup = new ec2.SecurityGroup(this, 'LambdaSecurityGroup', {
      vpc,
      securityGroupName: name('sg-lambda'),
      description: 'Conversations Lambda: reaches PostgreSQL, and Secrets Manager over HTTPS through the NAT instance',
      allowAllOutbound: false,
    })
    const postgres = ec2.Port.tcp(5432)
    this.securityGroup.addIngressRule(this.clientSecurityGroup, postgres, 'PostgreSQL from the conversations Lambda')
    this.clientSecurityGroup.addEgressRule(this.securityGroup, postgres, 'PostgreSQL')
    this.clientSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to Secrets Manager')

    const subnetGroup = new rds.SubnetGroup(this, 'Subnets', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      subnetGroupName: name('rds-subnets'),
      description: 'Private subnets of the home zone for PostgreSQL',
      removalPolicy: RemovalPolicy.DESTROY,
    })

    this.instance = new rds.DatabaseInstance(this, 'Postgres', {
      instanceIdentifier: name('rds-postgres'),
      engine: rds.DatabaseInstanceEngine.postgres({
        version: rds.PostgresEngineVersion.of(config.engineVersion, config.engineVersion.split('.')[0]!),
      }),
      instanceType: new ec2.InstanceType(config.instanceType),
      vpc,
      subnetGroup,
      securityGroups: [this.securityGroup],
      port: 5432,
      databaseName: config.databaseName,
      credentials: rds.Credentials.fromGeneratedSecret('parley', {
        secretName: name('rds-credentials'),
        // Only characters that need no escaping in a postgres:// URL, which the Lambda receives.
        excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\^,=.',
      }),
      allocatedStorage: config.allocatedStorageGiB,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      multiAz: config.multiAz,
      publiclyAccessible: false,
      backupRetention: Duration.days(config.backupRetentionDays),
      deletionProtection: config.deletionProtection,
      autoMinorVersionUpgrade: true,
      // Log groups RDS creates itself; setting their retention here would add a custom resource with a role.
      cloudwatchLogsExports: ['postgresql'],
      removalPolicy: RemovalPolicy.SNAPSHOT,
    })

    acknowledge(
      this.instance,
      'AwsSolutions-SMG4',
      'Rotation needs a rotation Lambda with its own IAM role, which AWS Academy (useExistingRoles) forbids.',
    )
    acknowledge(this.instance, 'AwsSolutions-RDS11', 'The seed specifies PostgreSQL on 5432 (sg-db).')
    if (!config.multiAz) {
      acknowledge(
        this.instance,
        'AwsSolutions-RDS3',
        'Single-AZ by default to keep lab cost down; set database.multiAz.',
      )
    }
    new CfnOutput(this, 'Endpoint', {
      key: 'DatabaseEndpoint',
      value: this.instance.dbInstanceEndpointAddress,
      description: 'PostgreSQL host',
    })
    new CfnOutput(this, 'SecretArn', {
      key: 'DatabaseSecretArn',
      value: this.instance.secret!.secretArn,
      description: 'Secrets Manager secret with the PostgreSQL credentials',
    })
  }
}
