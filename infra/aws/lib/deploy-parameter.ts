import { CfnCondition, CfnParameter, Fn } from 'aws-cdk-lib'
import type { Construct } from 'constructs'

/** A value that only exists once another stack (often in another region) is deployed, and whether it is known. */
export type LaterValue = { value: string; known: CfnCondition; parameter: CfnParameter }

/**
 * A CloudFormation parameter, empty by default, for a value that cannot cross regions (CloudFormation cannot
 * reference another region, and CDK's cross-region references create an IAM role). `cdk synth` with no context
 * produces every stack; what depends on the value is guarded by `known`, and scripts/deploy.sh passes the value
 * (`--parameters Stack:Name=value`) once its source is deployed. The CDK CLI keeps it on later deploys.
 */
export function laterValue(scope: Construct, id: string, description: string, pattern: string): LaterValue {
  const parameter = new CfnParameter(scope, id, {
    type: 'String',
    default: '',
    description,
    allowedPattern: `^$|${pattern}`,
    constraintDescription: `empty, or matching ${pattern}`,
  })
  const known = new CfnCondition(scope, `${id}Known`, {
    expression: Fn.conditionNot(Fn.conditionEquals(parameter.valueAsString, '')),
  })
  return { value: parameter.valueAsString, known, parameter }
}

/** `yes` when the value is known, else `no` (for properties that take a fallback, such as a group's capacity). */
export function ifKnown(later: LaterValue, yes: unknown, no: unknown): string {
  return Fn.conditionIf(later.known.logicalId, yes, no).toString()
}
