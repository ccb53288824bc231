import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Match } from 'aws-cdk-lib/assertions'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ingressOf, ref } from './security-group-rules.js'
import { propsOf, type Synthesised, synthParley } from './synth-app.js'

// One synth for the whole file: both regional stacks, with the wiring of a finished deploy.
let s: Synthesised
beforeAll(() => {
  s = synthParley()
})
afterAll(() => s?.cleanup())

const zones = [
  {
    stack: 'lks-dev-zone-a',
    region: 'us-east-1',
    vpc: 'lks-zone-a',
    cidr: '172.32.0.0/23',
    peerCidr: '10.10.0.0/23',
    publicSubnet: ['172.32.0.0/25', 'us-east-1a'],
    privateSubnets: [
      ['172.32.0.128/25', 'us-east-1a'],
      ['172.32.1.0/25', 'us-east-1b'],
    ],
  },
  {
    stack: 'lks-dev-zone-b',
    region: 'us-west-2',
    vpc: 'lks-zone-b',
    cidr: '10.10.0.0/23',
    peerCidr: '172.32.0.0/23',
    publicSubnet: ['10.10.0.0/25', 'us-west-2a'],
    privateSubnets: [
      ['10.10.0.128/25', 'us-west-2a'],
      ['10.10.1.0/25', 'us-west-2b'],
    ],
  },
] as const

describe.each(zones)('$stack', (zone) => {
  const t = () => s.template(zone.stack)

  test('is placed in its region', () => {
    expect(s.assembly.getStackByName(zone.stack).environment.region).toBe(zone.region)
  })

  test('has one VPC with the seed CIDR and name', () => {
    t().resourceCountIs('AWS::EC2::VPC', 1)
    t().hasResourceProperties('AWS::EC2::VPC', {
      CidrBlock: zone.cidr,
      Tags: Match.arrayWith([{ Key: 'Name', Value: zone.vpc }]),
    })
  })

  test('has one public subnet in AZ a and two private subnets in AZs a and b', () => {
    const subnets = propsOf(t(), 'AWS::EC2::Subnet').map((p) => [
      p.CidrBlock,
      p.AvailabilityZone,
      p.MapPublicIpOnLaunch,
    ])
    expect(subnets).toHaveLength(3)
    expect(subnets).toEqual(
      expect.arrayContaining([
        [...zone.publicSubnet, false],
        [...zone.privateSubnets[0], false],
        [...zone.privateSubnets[1], false],
      ]),
    )
  })

  test('has exactly two route tables, lks-rtb-public and lks-rtb-private', () => {
    const names = propsOf(t(), 'AWS::EC2::RouteTable').map(
      (p) => (p.Tags as { Key: string; Value: string }[]).find((tag) => tag.Key === 'Name')?.Value,
    )
    expect(names.sort()).toEqual(['lks-rtb-private', 'lks-rtb-public'])
    const associations = propsOf(t(), 'AWS::EC2::SubnetRouteTableAssociation')
    expect(associations).toHaveLength(3)
    const byTable = new Map<string, number>()
    for (const a of associations) {
      const table = JSON.stringify(a.RouteTableId)
      byTable.set(table, (byTable.get(table) ?? 0) + 1)
    }
    expect([...byTable.values()].sort()).toEqual([1, 2])
  })

  test('routes the public table to the internet gateway and the private one to the NAT instance', () => {
    t().hasResourceProperties('AWS::EC2::Route', {
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: Match.objectLike({ Ref: Match.stringLikeRegexp('InternetGateway') }),
      RouteTableId: { Ref: Match.stringLikeRegexp('PublicRouteTable') },
    })
    t().hasResourceProperties('AWS::EC2::Route', {
      DestinationCidrBlock: '0.0.0.0/0',
      InstanceId: { Ref: Match.stringLikeRegexp('NatInstance') },
      RouteTableId: { Ref: Match.stringLikeRegexp('PrivateRouteTable') },
    })
  })

  test('uses a NAT instance that forwards, never a NAT gateway', () => {
    t().resourceCountIs('AWS::EC2::NatGateway', 0)
    t().hasResourceProperties('AWS::EC2::Instance', {
      SourceDestCheck: false,
      Tags: Match.arrayWith([{ Key: 'Name', Value: Match.stringLikeRegexp('^lks-nat-zone-') }]),
    })
  })

  test('lks-sg-nat only accepts traffic from the private subnets', () => {
    const rules = ingressOf(t(), 'lks-sg-nat')
    expect(rules.map((r) => r.cidr).sort()).toEqual(zone.privateSubnets.map(([cidr]) => cidr).sort())
    expect(rules.every((r) => r.protocol === '-1')).toBe(true)
  })

  test('lks-sg-lb admits port 80 only, from the workers and the peer VPC', () => {
    const rules = ingressOf(t(), 'lks-sg-lb')
    expect(rules.every((r) => r.from === 80 && r.to === 80 && r.protocol === 'tcp')).toBe(true)
    expect(rules.filter((r) => r.cidr).map((r) => r.cidr)).toEqual([zone.peerCidr])
    expect(rules.filter((r) => r.source).map((r) => r.source)).toEqual([ref(t(), 'lks-sg-llm')])
    expect(rules).toHaveLength(2)
  })

  test('lks-sg-llm admits the three worker ports only from lks-sg-lb', () => {
    const rules = ingressOf(t(), 'lks-sg-llm')
    expect(rules.map((r) => r.from).sort()).toEqual([11434, 11435, 11436])
    for (const r of rules) {
      expect(r.to).toBe(r.from)
      expect(r.source).toEqual(ref(t(), 'lks-sg-lb'))
      expect(r.cidr).toBeUndefined()
    }
  })

  test('opens no SSH port on the load balancer or the workers, and uses no SSH key', () => {
    // (lks-sg-nat forwards every protocol, but only from the private subnets: tested above.)
    const rules = ['lks-sg-lb', 'lks-sg-llm'].flatMap((g) => ingressOf(t(), g))
    expect(rules.filter((r) => r.protocol === '-1' || (r.from <= 22 && r.to >= 22))).toEqual([])
    for (const lt of propsOf(t(), 'AWS::EC2::LaunchTemplate')) {
      expect((lt.LaunchTemplateData as Record<string, unknown>).KeyName).toBeUndefined()
    }
    for (const i of propsOf(t(), 'AWS::EC2::Instance')) expect(i.KeyName).toBeUndefined()
  })

  test('has an internal ALB named lks-lb-… listening on port 80', () => {
    t().hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Name: Match.stringLikeRegexp('^lks-lb-zone-'),
      Scheme: 'internal',
      Type: 'application',
    })
    t().resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1)
    t().hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' })
  })

  test('forwards to a target group per worker port, health-checked on /healthz', () => {
    const groups = propsOf(t(), 'AWS::ElasticLoadBalancingV2::TargetGroup')
    expect(groups.map((g) => g.Port).sort()).toEqual([11434, 11435, 11436])
    for (const g of groups) {
      expect(g).toMatchObject({ HealthCheckPath: '/healthz', Protocol: 'HTTP', TargetType: 'instance' })
    }
    // The chat and scoring paths go to their groups; everything else (the Ollama API) to the LLM workers.
    const rules = propsOf(t(), 'AWS::ElasticLoadBalancingV2::ListenerRule')
    const patterns = rules.flatMap((r) =>
      (r.Conditions as { Field: string; PathPatternConfig: { Values: string[] } }[]).flatMap(
        (c) => c.PathPatternConfig.Values,
      ),
    )
    expect(patterns).toEqual(expect.arrayContaining(['/tutor/*', '/feedback', '/score']))
  })

  test('runs each worker role in its own Auto Scaling group of t2.large Ubuntu in the private subnets', () => {
    const groups = propsOf(t(), 'AWS::AutoScaling::AutoScalingGroup')
    expect(groups.map((g) => g.AutoScalingGroupName).sort()).toEqual(
      ['chat', 'llm', 'scoring'].map((role) => `lks-asg-${role}-zone-${zone.vpc.slice(-1)}`),
    )
    for (const g of groups) {
      // Two per role, one in each private subnet; a peer zone starts them only once it is peered.
      const count = (n: string) =>
        zone.region === 'us-east-1' ? n : { 'Fn::If': ['PeeringConnectionIdKnown', n, '0'] }
      expect(g).toMatchObject({
        MinSize: count('2'),
        MaxSize: '3',
        DesiredCapacity: count('2'),
        HealthCheckType: 'ELB',
      })
      expect((g.VPCZoneIdentifier as unknown[]).length).toBe(2)
      expect(JSON.stringify(g.VPCZoneIdentifier)).toMatch(/PrivateSubnet/)
    }
    t().hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        InstanceType: 't2.large',
        ImageId: { Ref: Match.stringLikeRegexp('ubuntuserver2204') },
        IamInstanceProfile: { Arn: Match.anyValue() },
        MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
      }),
    })
    const parameters = s.assembly.getStackByName(zone.stack).template.Parameters as Record<string, { Default: string }>
    expect(Object.values(parameters).map((p) => p.Default)).toContain(
      '/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id',
    )
  })

  test('uses the existing LabInstanceProfile', () => {
    const data = propsOf(t(), 'AWS::EC2::LaunchTemplate').map((lt) => JSON.stringify(lt.LaunchTemplateData))
    expect(data.some((d) => d.includes('instance-profile/LabInstanceProfile'))).toBe(true)
  })

  test('configures each role through an AWS-ApplyAnsiblePlaybooks association targeted by tag', () => {
    const associations = propsOf(t(), 'AWS::SSM::Association')
    expect(associations).toHaveLength(3)
    for (const a of associations) {
      expect(a.Name).toBe('AWS-ApplyAnsiblePlaybooks')
      const params = a.Parameters as Record<string, unknown[]>
      expect(params.SourceType).toEqual(['S3'])
      expect(params.PlaybookFile).toEqual(['playbook.yml'])
      expect(params.InstallDependencies).toEqual(['True'])
      const extra = JSON.stringify(params.ExtraVariables)
      for (const v of ['parley_role=', 'efs_address=172.32.0.200', 'release_key=', 'llm_pool_host=', 'log_group=']) {
        expect(extra).toContain(v)
      }
    }
    expect(associations.map((a) => (a.Targets as { Key: string; Values: string[] }[])[0])).toEqual(
      expect.arrayContaining([
        { Key: 'tag:parley-role', Values: ['llm'] },
        { Key: 'tag:parley-role', Values: ['chat'] },
        { Key: 'tag:parley-role', Values: ['scoring'] },
      ]),
    )
  })

  test('raises alarms on 5xx, missing healthy workers and the LLM queue', () => {
    const names = propsOf(t(), 'AWS::CloudWatch::Alarm').map((a) => a.AlarmName)
    const z = zone.vpc.slice(-1)
    expect(names).toEqual(
      expect.arrayContaining([
        `lks-alarm-5xx-zone-${z}`,
        `lks-alarm-no-healthy-llm-zone-${z}`,
        `lks-alarm-llm-queue-zone-${z}`,
        `lks-alarm-nat-status-zone-${z}`,
        `lks-alarm-cpu-credits-llm-zone-${z}`,
        `lks-alarm-cpu-credits-chat-zone-${z}`,
        `lks-alarm-cpu-credits-scoring-zone-${z}`,
      ]),
    )
    for (const alarm of propsOf(t(), 'AWS::CloudWatch::Alarm')) {
      expect(JSON.stringify(alarm.AlarmActions)).toMatch(/AlarmTopic/)
    }
    t().hasResourceProperties('AWS::SNS::Topic', { TopicName: `lks-alarms-zone-${z}` })
    t().hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: { Ref: 'AlarmEmail' } })
    t().hasResourceProperties('AWS::Events::Rule', {
      Name: `lks-alarm-association-failed-zone-${z}`,
      EventPattern: Match.objectLike({
        detail: { 'document-name': ['AWS-ApplyAnsiblePlaybooks'], status: ['Failed'] },
      }),
    })
  })
})

test('VPC peering joins the zones, with routes both ways, once deploy.sh passes the ids', () => {
  const home = s.template('lks-dev-zone-a')
  home.hasResource('AWS::EC2::VPCPeeringConnection', {
    Condition: 'PeerVpcIdUsWest2Known',
    Properties: Match.objectLike({ PeerVpcId: { Ref: 'PeerVpcIdUsWest2' }, PeerRegion: 'us-west-2' }),
  })
  home.hasResource('AWS::EC2::Route', {
    Condition: 'PeerVpcIdUsWest2Known',
    Properties: {
      DestinationCidrBlock: '10.10.0.0/23',
      VpcPeeringConnectionId: { Ref: Match.stringLikeRegexp('Peering') },
      RouteTableId: { Ref: Match.stringLikeRegexp('PrivateRouteTable') },
    },
  })
  s.template('lks-dev-zone-b').hasResource('AWS::EC2::Route', {
    Condition: 'PeeringConnectionIdKnown',
    Properties: Match.objectLike({
      DestinationCidrBlock: '172.32.0.0/23',
      VpcPeeringConnectionId: { Ref: 'PeeringConnectionId' },
    }),
  })
})

test('the home workers are created after the EFS store they mount', () => {
  const resources = s.template('lks-dev-zone-a').toJSON().Resources as Record<
    string,
    { Type: string; DependsOn?: string[] }
  >
  const mountTargets = Object.keys(resources).filter((id) => resources[id]!.Type === 'AWS::EFS::MountTarget')
  expect(mountTargets).toHaveLength(2)
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::AutoScaling::AutoScalingGroup') continue
    expect({ id, dependsOn: r.DependsOn }).toEqual({ id, dependsOn: expect.arrayContaining(mountTargets) })
  }
})

test('the worker release asset holds the sources and lockfile, without dependencies, tests or data', () => {
  const assets = readdirSync(s.outdir).filter((d) => d.startsWith('asset.'))
  const release = assets.map((d) => join(s.outdir, d)).find((d) => existsSync(join(d, 'package-lock.json')))
  expect(release).toBeDefined()
  for (const needed of ['package.json', 'apps/cli/bin/parley.mjs', 'services/llm-worker/src', 'packages/core/src']) {
    expect({ needed, present: existsSync(join(release!, needed)) }).toEqual({ needed, present: true })
  }
  // The edge builds and runs apps/web from the same release.
  expect(existsSync(join(release!, 'apps/web/app'))).toBe(true)
  for (const left of ['node_modules', 'services/llm-worker/test', 'apps/web/test', 'infra/aws/lib', '.git']) {
    expect({ left, present: existsSync(join(release!, left)) }).toEqual({ left, present: false })
  }
  const playbook = assets.map((d) => join(s.outdir, d)).find((d) => existsSync(join(d, 'playbook.yml')))
  expect(existsSync(join(playbook!, 'roles/parley_worker/templates/worker.service.j2'))).toBe(true)
  expect(existsSync(join(playbook!, 'check.sh'))).toBe(false)
})
