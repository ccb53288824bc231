/**
 * Resolves CloudFormation intrinsic functions in a synthesised value to a realistic string, so that a test can check
 * it against a rule that AWS applies at deploy time (an SSM document's allowedPattern, a tag length…). Every
 * attribute or parameter is given the shape AWS really returns (an ALB DNS name has no scheme, an API endpoint does),
 * and anything unknown throws, so a new reference forces its author to say what the deployed value looks like.
 */
const ATTRIBUTE_SAMPLES: Record<string, string> = {
  DNSName: 'internal-lks-lb-zone-a-1234567890.us-east-1.elb.amazonaws.com',
  LoadBalancerFullName: 'app/lks-lb-zone-a/0123456789abcdef',
  TargetGroupFullName: 'targetgroup/lks-tg-llm-a/0123456789abcdef',
  ApiEndpoint: 'https://abcdef1234.execute-api.us-east-1.amazonaws.com',
  ApiId: 'abcdef1234',
  Arn: 'arn:aws:service:us-east-1:123456789012:resource/sample',
  GroupId: 'sg-0123456789abcdef0',
  ProviderURL: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool1',
  DomainName: 'd111111abcdef8.cloudfront.net',
  'Endpoint.Address': 'lks-rds-postgres.abcdefghijkl.us-east-1.rds.amazonaws.com',
  'Endpoint.Port': '5432',
}
const REF_SAMPLES: Record<string, string> = {
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'lks-dev-zone-a',
}

/**
 * Values of the stack parameters that deploy.sh fills in later (empty by default, and the templates only use them
 * once they are set), each as its output looks.
 */
const PARAMETER_SAMPLES: [RegExp, string][] = [
  [/^ApiHost$/, 'abcdef1234.execute-api.us-east-1.amazonaws.com'],
  [/^PeerLoadBalancerDns/, 'internal-lks-lb-zone-b-1234567890.us-west-2.elb.amazonaws.com'],
  [/^PeeringConnectionId$/, 'pcx-0123456789abcdef0'],
  [/^PeerVpcId/, 'vpc-0123456789abcdef0'],
  [/^AlarmEmail$/, 'ops@example.com'],
]

type Parameter = { Default?: unknown; AllowedPattern?: string }
type Template = { Resources?: Record<string, { Type: string }>; Parameters?: Record<string, Parameter> }

export function resolveSample(value: unknown, template: Template): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value)
  if (value === null || typeof value !== 'object') throw new Error(`cannot resolve ${JSON.stringify(value)}`)
  const [fn, arg] = Object.entries(value as Record<string, unknown>)[0] ?? []
  const args = arg as unknown[]
  switch (fn) {
    case 'Fn::Join':
      return (args[1] as unknown[])
        .filter((v) => !isNoValue(v))
        .map((v) => resolveSample(v, template))
        .join(String(args[0]))
    case 'Fn::Select':
      return resolveSample((args[1] as unknown[])[Number(args[0])], template)
    case 'Fn::If':
      // Both branches must pass a rule, so resolve the "true" one here; callers check the other with `branches`.
      return resolveSample(args[1], template)
    case 'Fn::Sub': {
      const [text, vars] = typeof arg === 'string' ? [arg, {}] : (args as [string, Record<string, unknown>])
      return text.replace(/\$\{([^}!]+)\}/g, (_m, name: string) => {
        if (name in vars) return resolveSample(vars[name], template)
        const [id, attr] = name.split(/\.(.+)/)
        return resolveSample(attr ? { 'Fn::GetAtt': [id, attr] } : { Ref: id }, template)
      })
    }
    case 'Fn::ImportValue':
      return `imported-${JSON.stringify(arg)
        .replace(/[^A-Za-z0-9]/g, '')
        .slice(0, 24)
        .toLowerCase()}`
    case 'Fn::GetAtt': {
      const attr = String(args[1])
      const sample = ATTRIBUTE_SAMPLES[attr]
      if (sample === undefined) throw new Error(`no sample for attribute ${attr} of ${String(args[0])}`)
      return sample
    }
    case 'Ref': {
      const name = String(arg)
      if (REF_SAMPLES[name]) return REF_SAMPLES[name]
      const param = template.Parameters?.[name]
      if (param) return parameterSample(name, param)
      const resource = template.Resources?.[name]
      if (resource) return refSample(resource.Type, name)
      throw new Error(`Ref to unknown ${name}`)
    }
    default:
      throw new Error(`cannot resolve ${fn}`)
  }
}

function parameterSample(name: string, param: Parameter): string {
  if (param.Default !== undefined && param.Default !== '') return String(param.Default)
  const sample = PARAMETER_SAMPLES.find(([pattern]) => pattern.test(name))?.[1]
  if (sample === undefined) throw new Error(`no sample for parameter ${name}`)
  if (param.AllowedPattern && !new RegExp(param.AllowedPattern).test(sample))
    throw new Error(`the sample of ${name} does not match its AllowedPattern ${param.AllowedPattern}`)
  return sample
}

const isNoValue = (v: unknown) => (v as { Ref?: string } | null)?.Ref === 'AWS::NoValue'

/** What `Ref` returns for the resource types the templates reference. */
function refSample(type: string, id: string): string {
  const byType: Record<string, string> = {
    'AWS::Logs::LogGroup': `lks-${id.toLowerCase().slice(0, 20)}`,
    'AWS::SSM::Parameter': `/lks/${id.toLowerCase().slice(0, 20)}`,
    'AWS::EC2::VPCPeeringConnection': 'pcx-0123456789abcdef0',
    'AWS::ApiGatewayV2::Api': 'abcdef1234',
    'AWS::Cognito::UserPool': 'us-east-1_TestPool1',
    'AWS::Cognito::UserPoolClient': 'testclientid0000000000000a',
    'AWS::SNS::Topic': 'arn:aws:sns:us-east-1:123456789012:lks-alarms',
    'AWS::ElasticLoadBalancingV2::LoadBalancer':
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/y',
  }
  const sample = byType[type]
  if (sample === undefined) throw new Error(`no Ref sample for ${type} (${id})`)
  return sample
}

/**
 * Every concrete string a value can take at deploy time: an `Fn::If` contributes both of its branches, so a rule is
 * checked against the value with and without the optional part.
 */
export function branches(value: unknown): unknown[] {
  if (value === null || typeof value !== 'object') return [value]
  if (Array.isArray(value)) {
    return value.reduce<unknown[][]>(
      (acc, item) => acc.flatMap((prefix) => branches(item).map((b) => [...prefix, b])),
      [[]],
    )
  }
  const entries = Object.entries(value as Record<string, unknown>)
  if (entries.length === 1 && entries[0]![0] === 'Fn::If') {
    const [, yes, no] = entries[0]![1] as unknown[]
    return [...branches(yes), ...branches(no)]
  }
  return entries.reduce<Record<string, unknown>[]>(
    (acc, [k, v]) => acc.flatMap((prefix) => branches(v).map((b) => ({ ...prefix, [k]: b }))),
    [{}],
  )
}
