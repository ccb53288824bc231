#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { parseConfig } from '../lib/config.js'
import { buildParley } from '../lib/parley-app.js'

// Config comes from the `parley` context key (cdk.json, or `-c parley='{…}'`, see docs/deploy.md). The account falls
// back to the CLI's default account, so `cdk deploy` with credentials targets the signed-in account.
const app = new App()
const raw: unknown = app.node.tryGetContext('parley') ?? {}
// On the command line the value arrives as a JSON string; from cdk.json, as an object.
const context = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>
const account = context.account ?? process.env.CDK_DEFAULT_ACCOUNT
const config = parseConfig({ ...context, ...(account ? { account } : {}) })

buildParley(app, config)
// cdk-nag's AwsSolutions pack: an unacknowledged finding fails the synth (lib/nag.ts lists the reasons).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
app.synth()
