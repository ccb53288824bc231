import { CliCredentialsStackSynthesizer, DefaultStackSynthesizer, type IStackSynthesizer } from 'aws-cdk-lib'
import type { ParleyConfig } from './config.js'

/**
 * Under AWS Academy (useExistingRoles) the default bootstrap cannot be deployed, because it creates IAM roles.
 * The CLI-credentials synthesizer deploys with the caller's own credentials and needs only the asset bucket
 * `cdk-hnb659fds-assets-<account>-<region>`, which docs/deploy.md creates with `aws s3 mb`.
 */
export function stackSynthesizer(config: ParleyConfig): IStackSynthesizer {
  return config.useExistingRoles ? new CliCredentialsStackSynthesizer() : new DefaultStackSynthesizer()
}
