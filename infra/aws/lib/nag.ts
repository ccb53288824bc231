import { Validations } from 'aws-cdk-lib'
import type { IConstruct } from 'constructs'

/**
 * Acknowledges a cdk-nag AwsSolutions finding (or a CloudFormation validation warning) on one construct, with the
 * reason it is accepted. Every acknowledgement in this app goes through here, so docs/deploy.md can list them.
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  const id = rule.startsWith('AwsSolutions-')
    ? `AwsSolutions::${rule}`
    : rule.startsWith('W') || rule.startsWith('E')
      ? `CloudFormation-Validate::${rule}`
      : rule
  Validations.of(scope).acknowledge({ id, reason })
}
