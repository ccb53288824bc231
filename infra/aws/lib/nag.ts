import { CfnResource, Validations } from 'aws-cdk-lib'
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
  // A CloudFormation template rule is also cfn-lint's (same ids): say so in the resource's metadata, which cfn-lint
  // reads, so the CI run of cfn-lint and the synth agree.
  if (id.startsWith('CloudFormation-Validate::')) {
    const resource = scope instanceof CfnResource ? scope : scope.node.defaultChild
    if (!(resource instanceof CfnResource)) throw new Error(`${rule} must be acknowledged on a CloudFormation resource`)
    const current = (resource.getMetadata('cfn-lint') as { config?: { ignore_checks?: string[] } }) ?? {}
    resource.addMetadata('cfn-lint', { config: { ignore_checks: [...(current.config?.ignore_checks ?? []), rule] } })
    const reasons = (resource.getMetadata('cfn-lint-reasons') as Record<string, string>) ?? {}
    resource.addMetadata('cfn-lint-reasons', { ...reasons, [rule]: reason })
  }
}
