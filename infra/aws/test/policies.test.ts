import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Validations } from 'aws-cdk-lib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseConfig } from '../lib/config.js'
import { resources, type Synthesised, synthParley } from './synth-app.js'

let s: Synthesised
beforeAll(() => {
  // synthParley plugs in cdk-nag's AwsSolutions pack: app.synth() throws on any unacknowledged finding.
  s = synthParley()
})
afterAll(() => s?.cleanup())

const STACKS = ['lks-dev-identity', 'lks-dev-zone-a', 'lks-dev-zone-b', 'lks-dev-data', 'lks-dev-edge']

type Tag = { Key: string; Value: unknown }

/** Tags in any of CloudFormation's shapes (list of Key/Value, or a map), as a map. */
function tagsOf(props: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const specs = props?.TagSpecifications as { ResourceType: string; Tags: Tag[] }[] | undefined
  const raw =
    props?.Tags ??
    props?.FileSystemTags ??
    props?.UserPoolTags ??
    specs?.find((t) => t.ResourceType === 'launch-template')?.Tags
  if (raw === undefined) return undefined
  if (Array.isArray(raw)) return Object.fromEntries((raw as Tag[]).map((t) => [t.Key, t.Value]))
  return raw as Record<string, unknown>
}

// Types CloudFormation can tag that this app creates; each must carry the three tags.
const TAGGABLE = [
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::EC2::RouteTable',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::Instance',
  'AWS::EC2::EIP',
  'AWS::EC2::LaunchTemplate',
  'AWS::EC2::VPCPeeringConnection',
  'AWS::EC2::FlowLog',
  'AWS::AutoScaling::AutoScalingGroup',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::S3::Bucket',
  'AWS::Logs::LogGroup',
  'AWS::EFS::FileSystem',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBSubnetGroup',
  'AWS::SecretsManager::Secret',
  'AWS::Lambda::Function',
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::VpcLink',
  'AWS::Cognito::UserPool',
  'AWS::Amplify::App',
  'AWS::Amplify::Branch',
  'AWS::CloudWatch::Alarm',
]

test('synthesises both regions and the home-region stacks', () => {
  const regions = Object.fromEntries(STACKS.map((n) => [n, s.assembly.getStackByName(n).environment.region]))
  expect(regions).toEqual({
    'lks-dev-identity': 'us-east-1',
    'lks-dev-zone-a': 'us-east-1',
    'lks-dev-zone-b': 'us-west-2',
    'lks-dev-data': 'us-east-1',
    'lks-dev-edge': 'us-east-1',
  })
  // A plain synth (no context, as `cdk synth`): every stack of both regions.
  expect(Object.keys(s.stacks.regional).sort()).toEqual(['us-east-1', 'us-west-2'])
})

describe.each(STACKS)('%s', (stack) => {
  test('creates no IAM role, user or policy (useExistingRoles)', () => {
    const types = resources(s.template(stack)).map(([, r]) => r.Type)
    expect(types.filter((t) => t.startsWith('AWS::IAM::'))).toEqual([])
    // Custom resources would run a Lambda with a role of their own (log retention, auto-delete, lookups).
    expect(types.filter((t) => t.startsWith('Custom::') || t === 'AWS::CloudFormation::CustomResource')).toEqual([])
  })

  test('tags every taggable resource with Project, Environment and Component', () => {
    for (const [id, r] of resources(s.template(stack))) {
      const tags = tagsOf(r.Properties)
      if (!TAGGABLE.includes(r.Type) && tags === undefined) continue
      expect({ id, tags }).toMatchObject({
        id,
        tags: { Project: 'parley', Environment: 'dev', Component: expect.any(String) },
      })
    }
  })

  test('gives every named resource the lks- prefix', () => {
    const nameKeys = [
      'GroupName',
      'Name',
      'AutoScalingGroupName',
      'LaunchTemplateName',
      'LogGroupName',
      'FunctionName',
      'BucketName',
      'UserPoolName',
      'ClientName',
      'DBInstanceIdentifier',
      'DBSubnetGroupName',
      'DashboardName',
      'AlarmName',
      'AssociationName',
      'AuthorizerName',
    ]
    let checked = 0
    for (const [id, r] of resources(s.template(stack))) {
      for (const key of nameKeys) {
        const value = r.Properties?.[key]
        // An association's Name is the SSM document it runs (AWS-ApplyAnsiblePlaybooks), not its own name.
        if (typeof value !== 'string' || (r.Type === 'AWS::SSM::Association' && key === 'Name')) continue
        checked++
        expect({ id, key, value }).toEqual({ id, key, value: expect.stringMatching(/^lks-/) })
      }
      const nameTag = tagsOf(r.Properties)?.Name
      if (typeof nameTag === 'string') expect({ id, nameTag }).toEqual({ id, nameTag: expect.stringMatching(/^lks-/) })
    }
    expect(checked).toBeGreaterThan(0)
  })

  test('opens nothing to 0.0.0.0/0', () => {
    for (const [id, r] of resources(s.template(stack))) {
      const inline = (r.Properties?.SecurityGroupIngress as { CidrIp?: string }[] | undefined) ?? []
      const cidrs = r.Type === 'AWS::EC2::SecurityGroupIngress' ? [r.Properties?.CidrIp] : inline.map((i) => i.CidrIp)
      expect({ id, open: cidrs.includes('0.0.0.0/0') || cidrs.includes('::/0') }).toEqual({ id, open: false })
    }
  })

  test('describes the stack and every resource that takes a description', () => {
    expect(s.assembly.getStackByName(stack).template.Description).toMatch(/^Parley /)
    for (const [id, r] of resources(s.template(stack))) {
      if (r.Type === 'AWS::EC2::SecurityGroup')
        expect({ id, d: r.Properties?.GroupDescription }).toEqual({ id, d: expect.stringMatching(/\w{3,}/) })
      if (r.Type === 'AWS::Lambda::Function' || r.Type === 'AWS::ApiGatewayV2::Api' || r.Type === 'AWS::Amplify::App') {
        expect({ id, d: r.Properties?.Description }).toEqual({ id, d: expect.stringMatching(/\w{3,}/) })
      }
    }
  })
})

test('every cdk-nag acknowledgement names its rule and gives a reason', () => {
  const acks: { id: string; reason: string }[] = []
  for (const node of s.app.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue
      // Only ours (made through lib/nag.ts); aws-cdk-lib acknowledges a few template checks on its own constructs.
      if (!entry.trace?.some((line) => line.includes('lib/nag.ts'))) continue
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) acks.push({ id, reason })
    }
  }
  const rules = [...new Set(acks.map((a) => a.id))].sort()
  // The documented list (docs/deploy.md, "cdk-nag"): a new acknowledgement must be added there too.
  expect(rules).toEqual([
    'Annotation::@aws-cdk/aws-autoscaling:desiredCapacitySet',
    'AwsSolutions::AwsSolutions-APIG4',
    'AwsSolutions::AwsSolutions-AS3',
    'AwsSolutions::AwsSolutions-CFR1',
    'AwsSolutions::AwsSolutions-CFR2',
    'AwsSolutions::AwsSolutions-CFR3',
    'AwsSolutions::AwsSolutions-CFR4',
    'AwsSolutions::AwsSolutions-CFR5',
    'AwsSolutions::AwsSolutions-COG2',
    'AwsSolutions::AwsSolutions-COG8',
    'AwsSolutions::AwsSolutions-EC29',
    'AwsSolutions::AwsSolutions-RDS11',
    'AwsSolutions::AwsSolutions-RDS3',
    'AwsSolutions::AwsSolutions-S1',
    'AwsSolutions::AwsSolutions-SMG4',
    'AwsSolutions::AwsSolutions-SNS2',
    'CloudFormation-Validate::W3010',
  ])
  for (const a of acks) expect(a.reason.length).toBeGreaterThan(20)
})

test('outside AWS Academy (useExistingRoles false) the stacks make their own roles and still pass cdk-nag', () => {
  const own = synthParley({ useExistingRoles: false })
  try {
    const roles = (stack: string) => Object.keys(own.template(stack).findResources('AWS::IAM::Role'))
    expect(roles('lks-dev-zone-a')).toHaveLength(1)
    // The Lambda's and the edge instances'.
    expect(roles('lks-dev-edge')).toHaveLength(2)
    own.template('lks-dev-zone-a').hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/CloudWatchAgentServerPolicy']] },
      ],
    })
  } finally {
    own.cleanup()
  }
})

test('deploy.sh deploys each stack after the stacks it needs, and passes every stack parameter', () => {
  const script = readFileSync(fileURLToPath(new URL('../scripts/deploy.sh', import.meta.url)), 'utf8')
  const commands = [...script.replace(/\\\n\s*/g, ' ').matchAll(/^deploy (.+)$/gm)].map((m) => m[1]!)
  expect(commands.length).toBeGreaterThan(1)
  const deployed = new Set<string>()
  const passed = new Set<string>()
  for (const command of commands) {
    const stacks = [...command.matchAll(/"\$\{S\}-([a-z-]+)"/g)].map((m) => `lks-dev-${m[1]}`)
    for (const m of command.matchAll(/"\$\{S\}-([a-z-]+):(\w+)=/g)) passed.add(`lks-dev-${m[1]}:${m[2]}`)
    for (const stack of stacks) {
      const needs = s.assembly
        .getStackByName(stack)
        .dependencies.map((d) => d.id)
        .filter((id) => STACKS.includes(id))
      for (const need of needs) {
        expect({ stack, need, ready: deployed.has(need) || stacks.includes(need) }).toMatchObject({ ready: true })
      }
    }
    for (const stack of stacks) deployed.add(stack)
  }
  expect([...deployed].sort()).toEqual([...STACKS].sort())
  for (const stack of STACKS) {
    const parameters = Object.keys(s.assembly.getStackByName(stack).template.Parameters ?? {})
    for (const p of parameters.filter((p) => !p.startsWith('SsmParameterValue') && p !== 'BootstrapVersion')) {
      expect({ parameter: `${stack}:${p}`, passed: passed.has(`${stack}:${p}`) }).toMatchObject({ passed: true })
    }
  }
})

describe('config', () => {
  test('refuses 0.0.0.0/0 as a load balancer source', () => {
    expect(() => parseConfig({ lbAllowedCidrs: ['0.0.0.0/0'] })).toThrow(/0\.0\.0\.0\/0/)
  })
  test('names the field of a bad value', () => {
    expect(() => parseConfig({ zones: [{ region: 'us-east-1', cidr: 'nope' }] })).toThrow(/zones\.0\./)
    expect(() => parseConfig({ homeRegion: 'eu-west-1' })).toThrow(/homeRegion eu-west-1/)
  })
})
