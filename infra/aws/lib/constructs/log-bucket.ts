import { Duration, RemovalPolicy, aws_s3 as s3 } from 'aws-cdk-lib'
import { Construct } from 'constructs'
import { acknowledge } from '../nag.js'
import type { Namer } from '../naming.js'

/**
 * One bucket per region for the load balancer's access logs and the VPC flow logs. SSE-S3, because ALB access
 * logs cannot be delivered to a KMS-encrypted bucket. Retained on teardown (docs/deploy.md empties it).
 */
export class LogBucket extends Construct {
  readonly bucket: s3.Bucket

  constructor(scope: Construct, id: string, props: { name: Namer; region: string; account: string }) {
    super(scope, id)
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.name(`logs-${props.region}-${props.account}`),
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    })
    acknowledge(
      this.bucket,
      'AwsSolutions-S1',
      'This is the log bucket itself; logging its access into itself would loop.',
    )
  }
}
