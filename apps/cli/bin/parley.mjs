#!/usr/bin/env node
// Runs the TypeScript sources directly: tsx compiles on the fly, so no build step stands between a clone and `parley`.
import { register } from 'tsx/esm/api'

register()
await import('../src/main.ts')
