import { loadConfig } from '@parley/core'
import type { Command } from 'commander'
import { openPoolAdmin, type PoolAdmin } from '../identity-admin.js'

const identity = () => import('@parley/identity')

/** Runs `fn` against the user pool (the running one over HTTP, else its database), then closes it. */
async function withPool<T>(fn: (admin: PoolAdmin) => Promise<T>) {
  const admin = await openPoolAdmin()
  process.stderr.write(`parley admin: using ${admin.via}\n`)
  try {
    return await fn(admin)
  } finally {
    await admin.close()
  }
}

const groupsLine = (email: string, groups: string[]) =>
  `${email} is in ${groups.length ? `group ${groups.join(', ')}` : 'no group'}; it applies to tokens issued from now on (next sign-in or refresh)`

/** `parley admin …`: operator actions on the user pool. */
export function register(program: Command): void {
  const admin = program
    .command('admin')
    .description(
      'operator actions on the user pool: through the running pool when one runs on $PARLEY_DATA_DIR, else on its database',
    )

  admin
    .command('confirm-user')
    .description('confirm a registration by hand, without the emailed code')
    .argument('<email>', 'the email the user signed up with')
    .action(async (email: string) => {
      const sub = await withPool((pool) => pool.confirmUser(email))
      console.log(`confirmed ${email} (sub ${sub})`)
    })

  admin
    .command('grant-admin')
    .description('put a user in the admin group (model management through the gateway)')
    .argument('<email>', 'the user')
    .action(async (email: string) => {
      console.log(groupsLine(email, await withPool((pool) => pool.setGroup(email, 'admin', true))))
    })

  admin
    .command('revoke-admin')
    .description('take a user out of the admin group')
    .argument('<email>', 'the user')
    .action(async (email: string) => {
      console.log(groupsLine(email, await withPool((pool) => pool.setGroup(email, 'admin', false))))
    })

  admin
    .command('rotate-keys')
    .description('start signing tokens with a new key (on the database: stop a running embedded pool first)')
    .action(async () => {
      const { identityEnv, openIdentityAdmin } = await identity()
      const pool = await openIdentityAdmin(loadConfig(identityEnv, process.env))
      try {
        console.log(`signing with key ${await pool.rotateKeys()}`)
      } finally {
        await pool.close()
      }
    })
}
