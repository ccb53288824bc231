import { z } from 'zod'

/** The worker roles; each gets its own Auto Scaling group, port, target group and systemd unit. */
export const WORKER_ROLES = ['llm', 'chat', 'scoring'] as const
export type WorkerRole = (typeof WORKER_ROLES)[number]

/** The ports the services listen on (the same defaults as `parley <service>`). */
export const WORKER_PORTS: Record<WorkerRole, number> = { llm: 11434, chat: 11435, scoring: 11436 }

const Cidr = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'expected an IPv4 CIDR such as 10.0.0.0/24')
const Ip = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, 'expected an IPv4 address')

const Capacity = z.object({
  min: z.number().int().min(0),
  desired: z.number().int().min(0),
  max: z.number().int().min(1),
})

const Zone = z.object({
  /** AWS region, such as us-east-1. */
  region: z.string(),
  /** Short zone name; the VPC is `<prefix>zone-<zone>`. */
  zone: z.string().regex(/^[a-z0-9-]+$/),
  cidr: Cidr,
  /** The one public subnet, in the first availability zone. */
  publicSubnetCidr: Cidr,
  /** Two private subnets, in the first and second availability zones. */
  privateSubnetCidrs: z.tuple([Cidr, Cidr]),
  /** Explicit, so that synth never looks anything up. */
  availabilityZones: z.tuple([z.string(), z.string()]),
})
export type ZoneConfig = z.infer<typeof Zone>

export const ParleyConfigSchema = z.object({
  /** Prefix of every resource name; the seed asks for `lks-`. */
  prefix: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,9}$/)
    .default('lks-'),
  /** Value of the Environment tag and part of the stack names. */
  environment: z
    .string()
    .regex(/^[a-z0-9-]{1,16}$/)
    .default('dev'),
  /** Account the stacks deploy to; a placeholder by default, so synth needs no credentials. */
  account: z
    .string()
    .regex(/^\d{12}$/)
    .default('123456789012'),
  /** The region that holds the data, the identity and the public API; it must be one of the zones. */
  homeRegion: z.string().default('us-east-1'),
  zones: z
    .array(Zone)
    .min(1)
    .default([
      {
        region: 'us-east-1',
        zone: 'a',
        cidr: '172.32.0.0/23',
        publicSubnetCidr: '172.32.0.0/25',
        privateSubnetCidrs: ['172.32.0.128/25', '172.32.1.0/25'],
        availabilityZones: ['us-east-1a', 'us-east-1b'],
      },
      {
        region: 'us-west-2',
        zone: 'b',
        cidr: '10.10.0.0/23',
        publicSubnetCidr: '10.10.0.0/25',
        privateSubnetCidrs: ['10.10.0.128/25', '10.10.1.0/25'],
        availabilityZones: ['us-west-2a', 'us-west-2b'],
      },
    ]),
  /** Instance type of every worker; the seed caps it at t2.large. */
  workerInstanceType: z.string().default('t2.large'),
  /** Ubuntu image, resolved by CloudFormation at deploy time from this public SSM parameter (no synth lookup). */
  ubuntuAmiParameter: z
    .string()
    .default('/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id'),
  /** Instance type of the NAT instance in each zone. */
  natInstanceType: z.string().default('t3.micro'),
  /**
   * Auto Scaling counts per role. Two by default: the group spreads them over both private subnets (AZs a and b),
   * so one AZ failing leaves every role serving.
   */
  workers: z.object({ llm: Capacity, chat: Capacity, scoring: Capacity }).default({
    llm: { min: 2, desired: 2, max: 3 },
    chat: { min: 2, desired: 2, max: 3 },
    scoring: { min: 2, desired: 2, max: 3 },
  }),
  /** The edge (gateway + web app, home region): instance type and counts, two for the same reason. */
  edgeInstanceType: z.string().default('t3.medium'),
  edge: Capacity.default({ min: 2, desired: 2, max: 3 }),
  /**
   * CloudFront's origin-facing managed prefix list (com.amazonaws.global.cloudfront.origin-facing) per region: the
   * only source the edge load balancer admits. Listed here so that synth looks nothing up.
   */
  cloudFrontPrefixLists: z.record(z.string(), z.string().regex(/^pl-[0-9a-f]+$/)).default({
    'us-east-1': 'pl-3b927c52',
    'us-west-2': 'pl-82a045eb',
  }),
  /**
   * Path patterns the load balancer sends to the chat and scoring workers; everything else (the Ollama API) goes to
   * the LLM workers. At most five patterns each (an ALB rule condition limit). These are the workers' own paths, as
   * the gateway forwards them: its `/{region}/scoring/embed` arrives as the scoring worker's `/embed`, its
   * `/{region}/embed` as the LLM's `/api/embed` (route-table.test.ts compares the two tables).
   */
  workerPaths: z
    .object({ chat: z.array(z.string()).min(1).max(5), scoring: z.array(z.string()).min(1).max(5) })
    .default({ chat: ['/tutor', '/tutor/*'], scoring: ['/feedback', '/score', '/feedback/*', '/score/*', '/embed'] }),
  /** Create no IAM role; use LabRole / LabInstanceProfile, as AWS Academy labs require. */
  useExistingRoles: z.boolean().default(true),
  labRoleName: z.string().default('LabRole'),
  labInstanceProfileName: z.string().default('LabInstanceProfile'),
  /**
   * Extra sources allowed to reach each load balancer on port 80, besides the other zones' VPCs, the regional API
   * Gateway VPC link and the workers themselves. Never 0.0.0.0/0: the load balancers are internal.
   */
  lbAllowedCidrs: z.array(Cidr).default([]),
  /** Fixed IPs of the EFS mount targets (one per private subnet of the home zone), so other regions can mount it. */
  efsMountTargetIps: z.tuple([Ip, Ip]).default(['172.32.0.200', '172.32.1.100']),
  database: z
    .object({
      instanceType: z.string().default('t3.micro'),
      /**
       * A minor that RDS offers for new instances (16.4 no longer is); later minors then apply automatically. Every
       * RDS PostgreSQL 16 minor ships pgvector (`CREATE EXTENSION vector`). aws-rules.test.ts and cfn-lint check it.
       */
      engineVersion: z
        .string()
        .regex(/^\d{2}\.\d{1,2}$/, 'expected a minor version such as 16.13')
        .default('16.13'),
      allocatedStorageGiB: z.number().int().min(20).default(20),
      multiAz: z.boolean().default(false),
      backupRetentionDays: z.number().int().min(1).max(35).default(7),
      deletionProtection: z.boolean().default(true),
      databaseName: z.string().default('parley'),
    })
    .default({
      instanceType: 't3.micro',
      engineVersion: '16.13',
      allocatedStorageGiB: 20,
      multiAz: false,
      backupRetentionDays: 7,
      deletionProtection: true,
      databaseName: 'parley',
    }),
  /** Node.js major of the conversations Lambda; nodejs20.x is deprecated (April 2026) and refused for new functions. */
  lambdaNodeVersion: z.enum(['22', '24']).default('24'),
  /** Entry of the Lambda handler, relative to the repository root. */
  apiLambdaEntry: z.string().default('services/api/src/lambda.ts'),
  /**
   * Bedrock as an LLM provider (docs/bedrock.md): when enabled, the workers' own role (useExistingRoles false) may
   * invoke these foundation models in its region, and nothing else. Off by default.
   */
  bedrock: z
    .object({
      enabled: z.boolean().default(false),
      modelIds: z
        .array(
          z.string().regex(/^[a-z0-9-]+\.[a-z0-9.:-]+$/, 'expected a Bedrock model id such as amazon.nova-micro-v1:0'),
        )
        .min(1)
        .default(['amazon.nova-micro-v1:0', 'amazon.titan-embed-text-v2:0']),
    })
    .default({ enabled: false, modelIds: ['amazon.nova-micro-v1:0', 'amazon.titan-embed-text-v2:0'] }),
  /** Log retention of every log group this app creates. */
  logRetentionDays: z.number().int().default(30),
})
export type ParleyConfig = z.infer<typeof ParleyConfigSchema>

/** Parses and checks a config; a bad value fails naming the field. */
export function parseConfig(input: unknown): ParleyConfig {
  const parsed = ParleyConfigSchema.safeParse(input ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`Invalid Parley CDK config at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`)
  }
  const config = parsed.data
  if (!config.zones.some((z) => z.region === config.homeRegion)) {
    throw new Error(`Invalid Parley CDK config: homeRegion ${config.homeRegion} is not one of the zones`)
  }
  if (!config.cloudFrontPrefixLists[config.homeRegion]) {
    throw new Error(`Invalid Parley CDK config: cloudFrontPrefixLists has no entry for ${config.homeRegion}`)
  }
  if (config.lbAllowedCidrs.includes('0.0.0.0/0')) {
    throw new Error('Invalid Parley CDK config: lbAllowedCidrs must not contain 0.0.0.0/0')
  }
  return config
}

export function homeZone(config: ParleyConfig): ZoneConfig {
  return config.zones.find((z) => z.region === config.homeRegion)!
}

export function otherZones(config: ParleyConfig, region: string): ZoneConfig[] {
  return config.zones.filter((z) => z.region !== region)
}
