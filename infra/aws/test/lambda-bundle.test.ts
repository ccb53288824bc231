import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { propsOf, type Synthesised, synthParley } from './synth-app.js'

// Bundles the conversations Lambda for real (local esbuild, no Docker, offline), as `cdk deploy` would.
let s: Synthesised
let bundle: string
beforeAll(() => {
  s = synthParley({}, { bundleStacks: ['lks-dev-edge'] })
  const [fn] = propsOf(s.template('lks-dev-edge'), 'AWS::Lambda::Function')
  const code = fn?.Code as { S3Key: string } | undefined
  if (!code) throw new Error('lks-dev-edge has no Lambda function')
  const key = code.S3Key
  bundle = join(s.outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs')
})
afterAll(() => s?.cleanup())

test('bundles services/api/src/lambda.ts into one ESM file', () => {
  expect(existsSync(bundle)).toBe(true)
  expect(statSync(bundle).size).toBeGreaterThan(10_000)
})

test('the bundle loads on Node and exports the handler the function names', async () => {
  const mod = (await import(pathToFileURL(bundle).href)) as { handler?: unknown }
  expect(typeof mod.handler).toBe('function')
})
