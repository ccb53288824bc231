// `npm start -w @parley/web`: the web app on its own, configured from the environment.
import { closeOnSignals, createLogger, loadConfig } from '@parley/core'
import { startWeb, webEnv } from './server'

const config = loadConfig(webEnv)
const web = await startWeb(config)
console.log(`web: ${web.url}`)
closeOnSignals(() => [web], createLogger({ name: 'web', level: config.LOG_LEVEL }))
