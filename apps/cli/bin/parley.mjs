#!/usr/bin/env node
// Runs the TypeScript sources directly: tsx compiles on the fly, so no build step stands between a clone and `parley`.
import { register } from 'tsx/esm/api'

// The AWS SDK (Cognito client of `parley simulate` and `parley admin`) warns on every run under Node 20 that its 2027
// releases will need Node 22; the README says so once instead. Set the variable to "false" to see the warning.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

register()
await import('../src/main.ts')
