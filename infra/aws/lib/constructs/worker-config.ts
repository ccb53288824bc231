import { fileURLToPath } from 'node:url'
import {
  Fn,
  IgnoreMode,
  type aws_iam as iam,
  aws_logs as logs,
  RemovalPolicy,
  Stack,
  aws_s3_assets as s3assets,
  aws_ssm as ssm,
} from 'aws-cdk-lib'
import { Construct } from 'constructs'
import type { LaterValue } from '../deploy-parameter.js'
import { acknowledge } from '../nag.js'
import type { Namer } from '../naming.js'
import { WORKER_ROLE_TAG } from './worker-fleet.js'

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
export const ANSIBLE_DIR = fileURLToPath(new URL('../../../ansible/', import.meta.url))

/** Namespace of the workers' own metrics, which the CloudWatch agent scrapes from each worker's /metrics. */
export const WORKER_METRICS_NAMESPACE = 'Parley/Workers'

/**
 * What the worker release contains: the sources and lockfile that `npm ci` and `parley <service>` need.
 * Everything else (dependencies, build output, data, models, tests) is left out; the node installs dependencies.
 */
const RELEASE_EXCLUDES = [
  '/*',
  '!/package.json',
  '!/package-lock.json',
  '!/tsconfig.base.json',
  '!/packages/',
  '!/services/',
  '!/apps/',
  '!/infra/',
  '/infra/*',
  '!/infra/aws/',
  '/infra/aws/*',
  '!/infra/aws/package.json',
  'node_modules/',
  'dist/',
  '.next/',
  '.parley/',
  'test/',
  'scratch/',
  'cdk.out/',
  '*.gguf',
  '*.tsbuildinfo',
]

export type WorkerConfigProps = {
  name: Namer
  /** The roles configured here; each gets an association targeting the instances tagged with it. */
  roles: readonly string[]
  region: string
  /** Log group of the services' logs (and, with the suffix `-prometheus`, of their scraped metrics). */
  logGroupName: string
  /** Association names are `<prefix>ansible-<role>-<suffix>`. */
  suffix: string
  /**
   * Extra variables for the playbook. AWS-ApplyAnsiblePlaybooks refuses ':' and whitespace in a value, so these are
   * host names, ids and keys, never URLs: the playbook builds the URLs (aws-rules.test.ts checks the pattern).
   */
  vars: Record<string, string>
  /** Variables known only after a later deploy step: passed once their stack parameter is set, left out before. */
  laterVars?: Record<string, LaterValue>
  logRetentionDays: number
  /** Set only outside AWS Academy, where the stack made its own instance role: it must read the assets. */
  ownWorkerRole?: iam.IRole
}

/**
 * Configures instances only through Ansible: the playbook and the Parley release are uploaded as assets, and a
 * State Manager association per role runs AWS-ApplyAnsiblePlaybooks on every instance tagged with that role,
 * at launch and every 30 minutes after (drift correction). No SSH key, no port 22.
 */
export class WorkerConfig extends Construct {
  readonly logGroup: logs.LogGroup
  readonly associations: Record<string, ssm.CfnAssociation>

  constructor(scope: Construct, id: string, props: WorkerConfigProps) {
    super(scope, id)
    const { name } = props

    const playbook = new s3assets.Asset(this, 'Playbook', { path: ANSIBLE_DIR, exclude: ['check.sh', '.ansible*'] })
    const release = new s3assets.Asset(this, 'Release', {
      path: REPO_ROOT,
      exclude: RELEASE_EXCLUDES,
      ignoreMode: IgnoreMode.GIT,
    })
    if (props.ownWorkerRole) {
      playbook.grantRead(props.ownWorkerRole)
      release.grantRead(props.ownWorkerRole)
      const { account } = Stack.of(this)
      const reason = 'Read-only access to the CDK asset bucket, which holds the playbook and release (grantRead).'
      for (const finding of [
        'Action::s3:GetBucket*',
        'Action::s3:GetObject*',
        'Action::s3:List*',
        `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${account}-${props.region}/*`,
      ]) {
        acknowledge(props.ownWorkerRole, `AwsSolutions-IAM5[${finding}]`, reason)
      }
    }

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: props.logGroupName,
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    // The CloudWatch agent writes the services' Prometheus metrics here as EMF; the playbook derives the name.
    new logs.LogGroup(this, 'MetricLogs', {
      logGroupName: `${props.logGroupName}-prometheus`,
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    })

    const vars: Record<string, string> = {
      aws_region: props.region,
      release_bucket: release.s3BucketName,
      release_key: release.s3ObjectKey,
      log_group: this.logGroup.logGroupName,
      metrics_namespace: WORKER_METRICS_NAMESPACE,
      ...props.vars,
    }
    const associations: Record<string, ssm.CfnAssociation> = {}
    for (const role of props.roles) {
      const later = Object.entries(props.laterVars ?? {}).map(([key, v]) =>
        Fn.conditionIf(v.known.logicalId, Fn.join('', [` ${key}=`, v.value]), ''),
      )
      const extraVars = Fn.join('', [
        Fn.join(' ', [
          'SSM=True',
          `parley_role=${role}`,
          ...Object.entries(vars).map(([key, value]) => Fn.join('', [`${key}=`, value])),
        ]),
        ...later.map((l) => l.toString()),
      ])
      associations[role] = new ssm.CfnAssociation(this, `${role}Association`, {
        name: 'AWS-ApplyAnsiblePlaybooks',
        associationName: name(`ansible-${role}-${props.suffix}`),
        targets: [{ key: `tag:${WORKER_ROLE_TAG}`, values: [role] }],
        scheduleExpression: 'rate(30 minutes)',
        maxConcurrency: '50%',
        maxErrors: '50%',
        complianceSeverity: 'HIGH',
        parameters: {
          SourceType: ['S3'],
          SourceInfo: [Fn.join('', ['{"path":"', playbook.httpUrl, '"}'])],
          InstallDependencies: ['True'],
          PlaybookFile: ['playbook.yml'],
          ExtraVariables: [extraVars],
          Check: ['False'],
          Verbose: ['-v'],
          TimeoutSeconds: ['3600'],
        },
      })
    }
    this.associations = associations
  }
}
