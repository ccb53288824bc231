// `npm run bench -- [name…]`: runs bench/<name>/index.ts for each name given, or every benchmark, one at a time.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'

const here = new URL('.', import.meta.url).pathname
const all = readdirSync(here).filter((d) => existsSync(`${here}${d}/index.ts`))
const names = process.argv.slice(2).length ? process.argv.slice(2) : all
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`unknown benchmark "${name}"; known: ${all.join(', ')}`)
    process.exit(2)
  }
  console.log(`\n== bench/${name}`)
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${here}${name}/index.ts`], { stdio: 'inherit' })
  if (run.status !== 0) process.exit(run.status ?? 1)
}
