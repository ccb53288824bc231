import { Tags } from 'aws-cdk-lib'
import type { IConstruct } from 'constructs'

/** Every resource name starts with the configured prefix (`lks-` by default), as the seed asks. */
export type Namer = (suffix: string) => string

export function namer(prefix: string): Namer {
  return (suffix) => `${prefix}${suffix}`
}

/**
 * Types CDK would tag but whose CloudFormation schema takes no Tags (cfn-lint E3002): CloudFormation would refuse
 * the property, so the app's tags skip them.
 */
export const UNTAGGABLE_TYPES = [
  'AWS::SSM::Association',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::CloudWatch::Dashboard',
]

/** Adds a tag to every taggable resource under the scope. */
export function tag(scope: IConstruct, key: string, value: string): void {
  Tags.of(scope).add(key, value, { excludeResourceTypes: UNTAGGABLE_TYPES })
}

/** The Component tag groups resources by the part of the architecture they belong to. */
export function tagComponent(scope: IConstruct, component: string): void {
  tag(scope, 'Component', component)
}
