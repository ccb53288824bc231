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

describe('data (EFS and RDS)', () => {
  const t = () => s.template('lks-dev-data')

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
    const bySource = rules.filter((r) => r.source)
    expect(bySource).toHaveLength(1)
    expect(JSON.stringify(bySource[0]!.source)).toMatch(/Fn::ImportValue.*SecurityGroupsWorkers/)
  })

  test('lks-sg-db admits 5432 only from the Lambda security group', () => {
    const rules = ingressOf(t(), 'lks-sg-db')
    expect(rules).toEqual([{ from: 5432, to: 5432, protocol: 'tcp', source: ref(t(), 'lks-sg-lambda') }])
  })

  test('RDS runs PostgreSQL 16 (pgvector), private, encrypted, with credentials in Secrets Manager', () => {
    t().hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      EngineVersion: '16',
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
    expect(Object.keys(t().findResources('AWS::EFS::FileSystem'))).toEqual(['SharedStorageFileSystemFF4F5FE9'])
  })
})

describe('edge (API Gateway, Lambda, Amplify, dashboard)', () => {
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
    for (const r of routes) expect(r.AuthorizationType).toBe('JWT')
  })

  test('routes /conversations/** to the Lambda and /{region}/** to each region', () => {
    const keys = propsOf(t(), 'AWS::ApiGatewayV2::Route').map((r) => r.RouteKey)
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      expect(keys).toContain(`${method} /conversations/{uid}`)
      expect(keys).toContain(`${method} /conversations/{uid}/{id}`)
    }
    expect(keys).toEqual(expect.arrayContaining(['ANY /us-east-1/{proxy+}', 'ANY /us-west-2/{proxy+}']))
    t().hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'HTTP_PROXY',
      IntegrationUri: 'https://abcdef1234.execute-api.us-west-2.amazonaws.com/{proxy}',
    })
    t().hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY' })
  })

  test('the Amplify app gets its environment from the stack outputs', () => {
    t().hasResourceProperties('AWS::Amplify::App', {
      Name: 'lks-web',
      Platform: 'WEB_COMPUTE',
      EnvironmentVariables: Match.arrayWith([
        {
          Name: 'WEB_GATEWAY_URL',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConversationsApi'), 'ApiEndpoint'] },
        },
        { Name: 'WEB_IDENTITY_ENDPOINT', Value: 'https://cognito-idp.us-east-1.amazonaws.com' },
        { Name: 'WEB_COGNITO_CLIENT_ID', Value: { 'Fn::ImportValue': Match.stringLikeRegexp('UserPoolWebClient') } },
      ]),
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
      'llm_time_to_first_token_seconds',
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

  test('alarms watch the Lambda errors and the database', () => {
    const names = propsOf(t(), 'AWS::CloudWatch::Alarm').map((a) => a.AlarmName)
    expect(names.sort()).toEqual(['lks-alarm-api-errors', 'lks-alarm-rds-connections', 'lks-alarm-rds-cpu'])
  })
})
