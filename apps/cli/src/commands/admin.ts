import { loadConfig } from '@parley/core'
import type { Command } from 'commander'

const identity = () => import('@parley/identity')

/** Runs `fn` against the user pool's database (the one `parley identity` or `parley start` uses), then closes it. */
async function withPool<T>(
  fn: (admin: Awaited<ReturnType<Awaited<ReturnType<typeof identity>>['openIdentityAdmin']>>) => Promise<T>,
) {
  const { identityEnv, openIdentityAdmin } = await identity()
  const admin = await openIdentityAdmin(loadConfig(identityEnv, process.env))
  try {
    return await fn(admin)
  } finally {
    await admin.close()
  }
}

/** `parley admin …`: operator actions on the user pool, straight on its database. */
export function register(program: Command): void {
  const admin = program
    .command('admin')
    .description('operator actions on the user pool (uses $DATABASE_URL or $PARLEY_DATA_DIR, like the service)')

  admin
    .command('confirm-user')
    .description('confirm a registration by hand, without the emailed code')
    .argument('<email>', 'the email the user signed up with')
    .action(async (email: string) => {
      const sub = await withPool((pool) => pool.confirmUser(email))
      console.log(`confirmed ${email} (sub ${sub})`)
    })

  admin
    .command('rotate-keys')
    .description('start signing tokens with a new key; the old one stays in the JWKS until its tokens expire')
    .action(async () => {
      const kid = await withPool((pool) => pool.rotateKeys())
      console.log(`signing with key ${kid}`)
    })
}
