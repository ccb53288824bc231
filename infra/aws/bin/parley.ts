#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { parseConfig } from '../lib/config.js'
import { buildParley } from '../lib/parley-app.js'

// Config comes from the `parley` context key (cdk.json, or `-c parley='{"…"}'`); the account falls back to the
// CLI's default account, so a plain `cdk deploy` with credentials targets the signed-in account.
const app = new App()
const context = (app.node.tryGetContext('parley') ?? {}) as Record<string, unknown>
const account = context.account ?? process.env.CDK_DEFAULT_ACCOUNT
const config = parseConfig(
  typeof context === 'string' ? JSON.parse(context) : { ...context, ...(account ? { account } : {}) },
)

const { pending } = buildParley(app, config)
for (const line of pending) console.warn(`parley: not wired yet, ${line}`)
Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
app.synth()
