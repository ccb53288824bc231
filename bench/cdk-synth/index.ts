// Synth time of the whole Parley CDK app (five stacks, two regions, cdk-nag's AwsSolutions pack, no Lambda
// bundling) against a reference measured in the same run: two stacks holding only a default two-AZ ec2.Vpc each,
// also checked by cdk-nag. The ratio says how much the app costs over CDK's own floor for a two-region VPC.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, aws_ec2 as ec2, Stack, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { parseConfig } from '../../infra/aws/lib/config.js'
import { buildParley } from '../../infra/aws/lib/parley-app.js'
import { printRatio } from '../lib/load.js'

const ROUNDS = 3

function timeSynth(build: (app: App) => void): number {
  const outdir = mkdtempSync(join(tmpdir(), 'parley-bench-cdk-'))
  try {
    const started = performance.now()
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } })
    build(app)
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
    app.synth()
    return (performance.now() - started) / 1000
  } finally {
    rmSync(outdir, { recursive: true, force: true })
  }
}

// A plain synth, as `cdk synth` runs it: every stack of both regions needs no context.
const parley = (app: App) => buildParley(app, parseConfig({}))
const reference = (app: App) => {
  for (const region of ['us-east-1', 'us-west-2']) {
    const stack = new Stack(app, `ref-${region}`, { env: { account: '123456789012', region } })
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: [`${region}a`, `${region}b`], natGateways: 1 })
    Validations.of(stack).acknowledge({ id: 'AwsSolutions::AwsSolutions-VPC7', reason: 'reference stack only' })
    void vpc
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
timeSynth(reference) // warm-up: module loading and JIT, paid once by both
const ours: number[] = []
const refs: number[] = []
for (let i = 0; i < ROUNDS; i++) {
  refs.push(timeSynth(reference))
  ours.push(timeSynth(parley))
}
console.log(`median of ${ROUNDS} rounds each`)
printRatio('synth: Parley app (5 stacks, 2 regions, nag)', median(ours), median(refs), 's')
