import { closeOnSignals, type Logger } from '@parley/core'
import type { Command } from 'commander'
import { cliLogger } from '../cli-logger.js'
import { demoModelHint, type ModelChoice } from '../default-model.js'

/** `parley start` (and `npm start`): the whole embedded stack in one process, on embedded defaults. */
export function register(program: Command): void {
  program
    .command('start')
    .description('run the whole stack in one process: identity, api, gateway, web and both regions’ workers')
    .option('--no-web', 'do not serve the web app')
    .action(async (opts: { web: boolean }) => {
      // Logs go to stderr; stdout carries the `<service>: <url>` lines.
      const log = cliLogger('parley', { service: false })
      // Loading every service's code is the first silent stretch (tens of seconds on a busy machine), so say so.
      log.info('starting Parley: loading the services')
      const { startStack } = await import('../stack.js')
      // Handlers first: Ctrl-C during the first (minutes-long) web build must still exit cleanly, so that the build
      // lock is released (an exit handler in the build removes it) and the next start does not wait for it.
      let stack: Awaited<ReturnType<typeof startStack>> | undefined
      closeOnSignals(() => (stack ? [{ name: 'stack', url: stack.gatewayUrl, port: 0, close: stack.close }] : []), log)
      // commander sets `web` to true unless --no-web is given, so only an explicit --no-web overrides PARLEY_WEB.
      stack = await startStack({ log, web: opts.web === false ? false : undefined, pullDefaultModel: true })
      for (const s of stack.services) console.log(`${s.name}: ${s.url}`)
      console.log(`identity pool id: ${stack.identity.poolId}`)
      console.log(`identity client id: ${stack.identity.clientId}`)
      console.log(modelLine(stack.modelChoice))
      await printFirstAdmin(stack.identity, log)
      const dataDir = process.env.PARLEY_DATA_DIR || './.parley'
      console.log(
        [
          '',
          'New learners wait for confirmation (IDENTITY_AUTO_CONFIRM=true confirms them at once, for demos):',
          `  their codes are written to ${dataDir}/outbox/<email>.json, or confirm one by hand:`,
          '  parley admin users confirm EMAIL     (and: parley admin users grant-admin EMAIL for the admin pages)',
        ].join('\n'),
      )
      console.log(stack.webUrl ? `\nOpen ${stack.webUrl} to start practising.` : `\nGateway at ${stack.gatewayUrl}.`)
    })
}

/** Makes the first admin on a new data directory and says, once, how to sign in as them. */
async function printFirstAdmin(identity: { url: string; clientId: string; poolId: string }, log: Logger) {
  const { ensureFirstAdmin } = await import('../first-admin.js')
  try {
    const admin = await ensureFirstAdmin(identity)
    if (!admin) return
    if (admin.password)
      console.log(
        `\nFirst admin: ${admin.email}  password: ${admin.password}\n  (shown once; change it after signing in, or start with PARLEY_ADMIN_EMAIL / PARLEY_ADMIN_PASSWORD)`,
      )
    else
      console.log(
        `\nFirst admin: ${admin.email} (${admin.existed ? 'an existing account, now an admin' : 'password from PARLEY_ADMIN_PASSWORD'})`,
      )
  } catch (err) {
    log.warn(
      { err: (err as Error).message },
      'could not create the first admin; use parley admin users grant-admin EMAIL',
    )
  }
}

/** What the terminal says about the model: where it came from, or plainly that it is the demo and how to get a real one. */
function modelLine(choice: ModelChoice): string {
  if (choice.randomWeights) {
    const why = choice.reason ? `\n  (the default model could not be pulled: ${choice.reason})` : ''
    return `${demoModelHint(process.env.PARLEY_DEFAULT_MODEL || 'smollm2:135m')}${why}`
  }
  const how = choice.source === 'pulled' ? 'pulled just now' : 'from the model store'
  const note = choice.reason ? ' (the default model could not be pulled, so a real model already here is used)' : ''
  return `model: ${choice.model}, ${how}${note}`
}
