import { afterAll, beforeAll, expect, test } from 'vitest'
import { parseConfig } from '../lib/config.js'
import { type Synthesised, synthParley } from './synth-app.js'

// Bedrock for the workers' own role: on the configured models of the zone's region only, and only when enabled.
let enabled: Synthesised
beforeAll(() => {
  enabled = synthParley({
    useExistingRoles: false,
    bedrock: { enabled: true, modelIds: ['amazon.nova-micro-v1:0', 'amazon.titan-embed-text-v2:0'] },
  })
})
afterAll(() => enabled?.cleanup())

const statementsOf = (s: Synthesised, stack: string) =>
  Object.values(s.template(stack).findResources('AWS::IAM::Policy')).flatMap(
    (p) => (p.Properties as { PolicyDocument: { Statement: Record<string, unknown>[] } }).PolicyDocument.Statement,
  )
const arn = (region: string, id: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:bedrock:${region}::foundation-model/${id}`]],
})

test('enabled, each zone may invoke exactly the configured models in its own region, streaming included', () => {
  for (const [stack, region] of [
    ['lks-dev-zone-a', 'us-east-1'],
    ['lks-dev-zone-b', 'us-west-2'],
  ] as const) {
    const bedrock = statementsOf(enabled, stack).filter((st) => st.Sid === 'BedrockInvokeConfiguredModels')
    expect(bedrock).toEqual([
      {
        Sid: 'BedrockInvokeConfiguredModels',
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        Resource: [arn(region, 'amazon.nova-micro-v1:0'), arn(region, 'amazon.titan-embed-text-v2:0')],
      },
    ])
  }
})

test('off by default: no Bedrock permission anywhere', () => {
  const own = synthParley({ useExistingRoles: false })
  try {
    for (const stack of ['lks-dev-zone-a', 'lks-dev-zone-b', 'lks-dev-edge'])
      expect(JSON.stringify(statementsOf(own, stack))).not.toContain('bedrock:')
  } finally {
    own.cleanup()
  }
})

test('a model id that is not one (a wildcard, an ARN) is refused naming the field', () => {
  expect(() => parseConfig({ bedrock: { enabled: true, modelIds: ['*'] } })).toThrow(/bedrock\.modelIds/)
  expect(() => parseConfig({ bedrock: { enabled: true, modelIds: [] } })).toThrow(/bedrock\.modelIds/)
})
