import { readdirSync } from 'node:fs'
import { ConfigError } from '@parley/core'
import { Command, CommanderError } from 'commander'

/** Each file in ./commands exports `register(program)`; services add a file there rather than edit this one. */
type CommandModule = { register(program: Command): void }

const program = new Command('parley')
  .description('Parley: an AI English conversation partner on a distributed, multi-region LLM backend')
  .showHelpAfterError()
  .exitOverride()

const dir = new URL('./commands/', import.meta.url)
const files = readdirSync(dir)
  .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
  .sort()
for (const file of files) {
  const mod = (await import(new URL(file, dir).href)) as CommandModule
  mod.register(program)
}

try {
  await program.parseAsync(process.argv)
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode)
  if (err instanceof ConfigError) {
    console.error(err.message)
    process.exit(2)
  }
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
}
