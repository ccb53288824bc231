import { loadConfig } from '@parley/core'
import type { Command } from 'commander'
import { registerModels } from '../admin-models.js'
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

  registerUsers(admin)
  registerModels(admin)

  admin
    .command('rotate-keys')
    .description('start signing tokens with a new key (on the database: stop a running embedded pool first)')
    .action(async () => {
      const { identityEnv, openIdentityAdmin, runningService } = await identity()
      const config = loadConfig(identityEnv, process.env)
      const running = runningService(config.PARLEY_DATA_DIR)
      // PGlite admits one process: writing under a running pool would corrupt or be lost. Refuse, and say why.
      if (running)
        throw new Error(
          `A pool is running on ${config.PARLEY_DATA_DIR} (pid ${running.pid}, ${running.url}); stop it first, then run rotate-keys`,
        )
      const pool = await openIdentityAdmin(config)
      try {
        console.log(`signing with key ${await pool.rotateKeys()}`)
      } finally {
        await pool.close()
      }
    })
}

const pad = (s: string, n: number) => s.padEnd(n)

/** `parley admin users …`: list, confirm, disable, enable, delete, grant-admin, revoke-admin. */
function registerUsers(admin: Command): void {
  const users = admin.command('users').description('list and manage the users of the pool')
  users
    .command('list')
    .description('one page of users in email order')
    .option('--search <prefix>', 'only emails starting with this')
    .option('--limit <n>', 'users per page (1-60)', '25')
    .option('--next <token>', 'the page after the one that printed this token')
    .option('--json', 'print JSON')
    .action(async (opts: { search?: string; limit: string; next?: string; json?: boolean }) => {
      const limit = Number(opts.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 60) throw new Error('--limit must be 1 to 60')
      const page = await withPool((pool) => pool.listUsers({ search: opts.search, limit, next: opts.next }))
      if (opts.json) return console.log(JSON.stringify(page, null, 2))
      console.log(`${pad('EMAIL', 36)} ${pad('STATUS', 12)} ${pad('ENABLED', 8)} ${pad('GROUPS', 8)} CREATED`)
      for (const u of page.users)
        console.log(
          `${pad(u.email, 36)} ${pad(u.status, 12)} ${pad(u.enabled ? 'yes' : 'no', 8)} ${pad(u.groups.join(',') || '-', 8)} ${u.created.toISOString().slice(0, 10)}`,
        )
      if (page.users.length === 0) console.log('(no users)')
      if (page.next) console.log(`more: parley admin users list --next ${page.next}`)
    })
  users
    .command('confirm')
    .description('confirm a registration by hand')
    .argument('<email>', 'the user')
    .action(async (email: string) => {
      const sub = await withPool((pool) => pool.confirmUser(email))
      console.log(`confirmed ${email} (sub ${sub})`)
    })
  for (const [name, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const)
    users
      .command(name)
      .description(enabled ? 'let a disabled user sign in again' : 'stop a user signing in and end their sessions')
      .argument('<email>', 'the user')
      .action(async (email: string) => {
        await withPool((pool) => pool.setEnabled(email, enabled))
        console.log(`${enabled ? 'enabled' : 'disabled'} ${email}`)
      })
  users
    .command('delete')
    .description('delete a user with their conversations, for good')
    .argument('<email>', 'the user')
    .option('--yes', 'do not ask (required when not on a terminal)')
    .action(async (email: string, opts: { yes?: boolean }) => {
      if (!opts.yes) throw new Error(`This deletes ${email} and all their conversations; add --yes to do it`)
      await withPool((pool) => pool.deleteUser(email))
      console.log(`deleted ${email} and their conversations`)
    })
  users
    .command('grant-admin')
    .description('put a user in the admin group')
    .argument('<email>', 'the user')
    .action(async (email: string) => {
      console.log(groupsLine(email, await withPool((pool) => pool.setGroup(email, 'admin', true))))
    })
  users
    .command('revoke-admin')
    .description('take a user out of the admin group')
    .argument('<email>', 'the user')
    .action(async (email: string) => {
      console.log(groupsLine(email, await withPool((pool) => pool.setGroup(email, 'admin', false))))
    })
}
