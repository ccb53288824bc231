#!/usr/bin/env node
// Runs the TypeScript sources directly: tsx compiles on the fly, so no build step stands between a clone and `parley`.
import { register } from 'tsx/esm/api'

// The AWS SDK (Cognito client of `parley simulate` and `parley admin`) warns on every run under Node 20 that its 2027
// releases will need Node 22; the README says so once instead. Set the variable to "false" to see the warning.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

// Compiling the sources takes seconds before any logger exists; a start says at once that it is under way.
const command = process.argv[2]
if (command === 'start' || command === 'cluster') {
  const msg = `parley ${command}: starting (the first start also creates the databases and builds the web app)`
  const plain = process.stderr.isTTY && process.env.LOG_FORMAT !== 'json'
  process.stderr.write(plain ? `${msg}\n` : `${JSON.stringify({ level: 30, time: new Date().toISOString(), msg })}\n`)
}

register()
await import('../src/main.ts')
