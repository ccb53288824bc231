import { aws_iam as iam } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import type { ParleyConfig } from './config.js'

/** The role and instance profile every resource uses; looked up by name, never created (AWS Academy forbids it). */
export type ExistingRoles = { role: iam.IRole; instanceProfile: iam.IInstanceProfile }

/**
 * Returns the lab role and instance profile when `useExistingRoles` is set (the default), or undefined to let
 * constructs create their own least-privilege roles in an account that allows it.
 */
export function existingRoles(scope: Construct, config: ParleyConfig): ExistingRoles | undefined {
  if (!config.useExistingRoles) return undefined
  return {
    // mutable: false, so that grants never try to attach policies to a role we do not own.
    role: iam.Role.fromRoleName(scope, 'LabRole', config.labRoleName, { mutable: false }),
    instanceProfile: iam.InstanceProfile.fromInstanceProfileName(
      scope,
      'LabInstanceProfile',
      config.labInstanceProfileName,
    ),
  }
}
