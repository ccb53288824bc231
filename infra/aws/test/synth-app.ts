import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { type ParleyConfig, parseConfig } from '../lib/config.js'
import { buildParley, type ParleyStacks } from '../lib/parley-app.js'

/** Wiring values as they look after the first deploys, so every cross-region part is synthesised. */
export const TEST_WIRING = {
  userPoolId: 'us-east-1_TestPool1',
  userPoolClientId: 'testclientid0000000000000a',
  peerVpcIds: { 'us-west-2': 'vpc-0123456789abcdef0' },
  peeringConnectionIds: { 'us-west-2': 'pcx-0123456789abcdef0' },
  regionalApiUrls: { 'us-west-2': 'https://abcdef1234.execute-api.us-west-2.amazonaws.com' },
}

export type Synthesised = { app: App; stacks: ParleyStacks; config: ParleyConfig; outdir: string }

/**
 * Builds the whole app offline, as `cdk synth` would, in a temporary output folder. Bundling of the Lambda is
 * skipped unless asked for (its own test covers it), which keeps synth quick.
 */
export function synthParley(
  overrides: Record<string, unknown> = {},
  opts: { bundle?: boolean; nag?: boolean } = {},
): Synthesised {
  const outdir = mkdtempSync(join(tmpdir(), 'parley-cdk-'))
  const app = new App({
    outdir,
    context: opts.bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
  })
  const config = parseConfig({ wiring: TEST_WIRING, ...overrides })
  const stacks = buildParley(app, config)
  if (opts.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
  return { app, stacks, config, outdir }
}
