import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, Validations } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import type { CloudAssembly } from 'aws-cdk-lib/cx-api'
import { AwsSolutionsChecks } from 'cdk-nag'
import { type ParleyConfig, parseConfig } from '../lib/config.js'
import { buildParley, type ParleyStacks } from '../lib/parley-app.js'

export type Synthesised = {
  app: App
  stacks: ParleyStacks
  config: ParleyConfig
  assembly: CloudAssembly
  outdir: string
  /** Template of a stack by its construct id, e.g. `lks-dev-zone-a`. */
  template(stackName: string): Template
  /** Removes the output folder. */
  cleanup(): void
}

/**
 * Builds and synthesises the whole app offline, as a plain `cdk synth` would (no context: every stack of every
 * region), in a temporary folder, with cdk-nag's
 * AwsSolutions pack plugged in: synth throws if any finding is left unacknowledged. Bundling of the Lambda is
 * skipped unless asked for (its own test does it), which keeps synth quick.
 */
export function synthParley(
  overrides: Record<string, unknown> = {},
  opts: { bundleStacks?: string[] } = {},
): Synthesised {
  const outdir = mkdtempSync(join(tmpdir(), 'parley-cdk-'))
  const app = new App({
    outdir,
    // The same reference strength cdk.json sets for `cdk synth`.
    context: {
      'aws:cdk:bundling-stacks': opts.bundleStacks ?? [],
      '@aws-cdk/core:defaultCrossStackReferences': 'strong',
    },
  })
  const config = parseConfig(overrides)
  const stacks = buildParley(app, config)
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
  const assembly = app.synth()
  const cache = new Map<string, Template>()
  const template = (stackName: string) => {
    let t = cache.get(stackName)
    if (!t) {
      t = Template.fromJSON(assembly.getStackByName(stackName).template)
      cache.set(stackName, t)
    }
    return t
  }
  const cleanup = () => rmSync(outdir, { recursive: true, force: true })
  return { app, stacks, config, assembly, outdir, template, cleanup }
}

type Resource = { Type: string; Properties?: Record<string, unknown> }

/** Every resource of a template, with its logical id. */
export function resources(template: Template): [string, Resource][] {
  return Object.entries((template.toJSON() as { Resources: Record<string, Resource> }).Resources)
}

/** Resources of one type, properties only. */
export function propsOf(template: Template, type: string): Record<string, unknown>[] {
  return Object.values(template.findResources(type)).map((r) => (r as Resource).Properties ?? {})
}
