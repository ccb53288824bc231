import { Match } from 'aws-cdk-lib/assertions'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ingressOf, ref } from './security-group-rules.js'
import { propsOf, type Synthesised, synthParley } from './synth-app.js'

let s: Synthesised
beforeAll(() => {
  s = synthParley()
})
afterAll(() => s?.cleanup())

describe('identity (Cognito user pool)', () => {
  const t = () => s.template('lks-dev-identity')

  test('signs in with email and requires name and email', () => {
    t().hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolName: 'lks-user-pool',
      UsernameAttributes: ['email'],
      MfaConfiguration: 'OFF',
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'email', Required: true }),
        Match.objectLike({ Name: 'name', Required: true }),
      ]),
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      Policies: { PasswordPolicy: Match.objectLike({ TemporaryPasswordValidityDays: 0 }) },
    })
  })

  test('has an app client without a secret, with USER_PASSWORD_AUTH and refresh tokens', () => {
    t().hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'lks-web-client',
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
  })
})

describe('EFS model store (in the home zone, so its workers start after it)', () => {
  const t = () => s.template('lks-dev-zone-a')

  test('EFS has bursting throughput, automatic backups and encryption', () => {
    t().hasResourceProperties('AWS::EFS::FileSystem', {
      ThroughputMode: 'bursting',
      BackupPolicy: { Status: 'ENABLED' },
      Encrypted: true,
      FileSystemTags: Match.arrayWith([{ Key: 'Name', Value: 'lks-efs-share' }]),
    })
  })

  test('EFS has a mount target with a fixed IP in each private subnet', () => {
    const targets = propsOf(t(), 'AWS::EFS::MountTarget')
    expect(targets.map((m) => m.IpAddress).sort()).toEqual(['172.32.0.200', '172.32.1.100'])
    for (const m of targets) expect(JSON.stringify(m.SubnetId)).toMatch(/PrivateSubnet/)
  })

  test('lks-sg-efs admits NFS only from the home workers and the peer zone private subnets', () => {
    const rules = ingressOf(t(), 'lks-sg-efs')
    expect(rules.every((r) => r.from === 2049 && r.to === 2049 && r.protocol === 'tcp')).toBe(true)
    expect(
      rules
        .filter((r) => r.cidr)
        .map((r) => r.cidr)
        .sort(),
    ).toEqual(['10.10.0.128/25', '10.10.1.0/25'])
    expect(rules.filter((r) => r.source).map((r) => r.source)).toEqual([ref(t(), 'lks-sg-llm')])
  })

  test("the file system's logical id never changes (a new one would replace the store)", () => {
    expect(Object.keys(t().findResources('AWS::EFS::FileSystem'))).toEqual(['SharedStorageFileSystemFF4F5FE9'])
  })
})

describe('data (RDS)', () => {
  const t = () => s.template('lks-dev-data')

  test('lks-sg-db admits 5432 only from the Lambda security group', () => {
    const rules = ingressOf(t(), 'lks-sg-db')
    expect(rules).toEqual([{ from: 5432, to: 5432, protocol: 'tcp', source: ref(t(), 'lks-sg-lambda') }])
  })

  test('RDS runs PostgreSQL 16 (pgvector), private, encrypted, with credentials in Secrets Manager', () => {
    t().hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      EngineVersion: '16.13',
      PubliclyAccessible: false,
      StorageEncrypted: true,
      DBInstanceIdentifier: 'lks-rds-postgres',
      MasterUserPassword: Match.objectLike({
        'Fn::Join': Match.arrayWith([Match.arrayWith(['{{resolve:secretsmanager:'])]),
      }),
    })
    t().hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'lks-rds-credentials' })
    t().hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: Match.arrayWith([Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('PrivateSubnetA') })]),
    })
  })

  test("the database's logical id never changes (a new one would replace the database)", () => {
    expect(Object.keys(t().findResources('AWS::RDS::DBInstance'))).toEqual(['DatabasePostgres277EF4CB'])
  })
})

describe('edge (CloudFront, gateway and web app, API Gateway, Lambda, dashboard)', () => {
  const t = () => s.template('lks-dev-edge')

  test('the Lambda runs Node 24 in the VPC with its own security group and the LabRole', () => {
    t().hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'lks-conversations-api',
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Role: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':role/LabRole$')])] },
      VpcConfig: {
        SecurityGroupIds: [{ 'Fn::ImportValue': Match.stringLikeRegexp('LambdaSecurityGroup') }],
        SubnetIds: Match.arrayWith([{ 'Fn::ImportValue': Match.stringLikeRegexp('PrivateSubnet') }]),
      },
      Environment: {
        Variables: Match.objectLike({
          DATABASE_SSL: 'require',
          DATABASE_URL: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
          AUTH_ISSUER: Match.anyValue(),
          AUTH_CLIENT_IDS: Match.anyValue(),
        }),
      },
    })
  })

  test('the public API is lks-api-gateway with a Cognito authorizer on every route', () => {
    t().hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'lks-api-gateway', ProtocolType: 'HTTP' })
    t().hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Issuer: Match.anyValue(),
        Audience: [{ 'Fn::ImportValue': Match.stringLikeRegexp('UserPoolWebClient') }],
      },
    })
    const routes = propsOf(t(), 'AWS::ApiGatewayV2::Route')
    expect(routes.length).toBeGreaterThan(0)
    // Only the gateway's health check is open (it answers {"status":"ok"} and reads nothing).
    const open = routes.filter((r) => r.AuthorizationType !== 'JWT').map((r) => r.RouteKey)
    expect(open).toEqual(['GET /healthz'])
  })

  test('routes /conversations/** to the Lambda', () => {
    const keys = propsOf(t(), 'AWS::ApiGatewayV2::Route').map((r) => r.RouteKey)
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      expect(keys).toContain(`${method} /conversations/{uid}`)
      expect(keys).toContain(`${method} /conversations/{uid}/{id}`)
    }
    expect(keys).toContain('ANY /conversations/{proxy+}')
    t().hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY' })
  })

  test('CloudFront reaches the internal edge load balancer through a VPC origin, streaming, with nothing cached', () => {
    t().resourceCountIs('AWS::CloudFront::VpcOrigin', 1)
    t().hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: [
          Match.objectLike({
            VpcOriginConfig: Match.objectLike({ OriginReadTimeout: 60, OriginKeepaliveTimeout: 60 }),
          }),
        ],
        DefaultCacheBehavior: Match.objectLike({
          // The managed CachingDisabled policy.
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
          ViewerProtocolPolicy: 'redirect-to-https',
        }),
      }),
    })
    t().hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Name: 'lks-lb-edge',
      Scheme: 'internal',
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'idle_timeout.timeout_seconds', Value: '300' }]),
    })
  })

  test('the edge load balancer admits only CloudFront, and the edge instances only it', () => {
    const rules = ingressOf(t(), 'lks-sg-edge-lb')
    expect(rules).toEqual([{ from: 80, to: 80, protocol: 'tcp', prefixList: 'pl-3b927c52' }])
    const edge = ingressOf(t(), 'lks-sg-edge')
    expect(edge.map((r) => r.from).sort()).toEqual([3000, 8080])
    for (const r of edge) expect(r.source).toEqual(ref(t(), 'lks-sg-edge-lb'))
  })

  test('two edge instances (gateway + web app) spread over both private subnets, configured by Ansible', () => {
    t().hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      AutoScalingGroupName: 'lks-asg-edge',
      MinSize: '2',
      DesiredCapacity: '2',
      VPCZoneIdentifier: Match.arrayWith([{ 'Fn::ImportValue': Match.stringLikeRegexp('PrivateSubnetA') }]),
    })
    t().hasResourceProperties('AWS::SSM::Association', {
      AssociationName: 'lks-ansible-edge-edge',
      Targets: [{ Key: 'tag:parley-role', Values: ['edge'] }],
    })
  })

  test('the dashboard shows every region, the Lambda and RDS', () => {
    const body = JSON.stringify(propsOf(t(), 'AWS::CloudWatch::Dashboard')[0]?.DashboardBody)
    for (const needle of [
      'us-east-1',
      'us-west-2',
      'RequestCount',
      'HTTPCode_Target_5XX_Count',
      'TargetResponseTime',
      'HealthyHostCount',
      'llm_tokens_per_second',
      'llm_queue_depth',
      'AWS/Lambda',
      'Duration',
      'CPUUtilization',
      'DatabaseConnections',
    ]) {
      expect(body).toContain(needle)
    }
  })

  test('alarms watch the Lambda, the API, the edge and the database, and notify the alarm topic', () => {
    const names = propsOf(t(), 'AWS::CloudWatch::Alarm').map((a) => a.AlarmName)
    expect(names.sort()).toEqual([
      'lks-alarm-api-5xx',
      'lks-alarm-api-errors',
      'lks-alarm-api-latency',
      'lks-alarm-no-healthy-edge-gateway',
      'lks-alarm-no-healthy-edge-web',
      'lks-alarm-rds-connections',
      'lks-alarm-rds-cpu',
      'lks-alarm-rds-memory',
      'lks-alarm-rds-storage',
    ])
    for (const alarm of propsOf(t(), 'AWS::CloudWatch::Alarm'))
      expect(JSON.stringify(alarm.AlarmActions)).toMatch(/AlarmTopic/)
  })
})
