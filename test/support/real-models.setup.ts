import { parleyCacheDir } from '@parley/llm-worker'
import { prepareRealModelStore, REAL_MODELS_DIR_ENV } from '@parley/llm-worker/testing'

/**
 * Vitest global setup for the real-model suites (`*.real.test.ts`): imports the cached real weights into a test store
 * once per run and hands its path to the test processes. Without the weights it prints one line and those suites
 * skip; in CI (.ci/run fetches them first) their absence fails the run instead.
 */
export default async function setup(): Promise<void> {
  const cacheDir = parleyCacheDir()
  const dir = await prepareRealModelStore(cacheDir)
  if (dir) {
    process.env[REAL_MODELS_DIR_ENV] = dir
    return
  }
  const why = `no real weights in ${cacheDir}/weights (run \`npm run models:real\`)`
  if (process.env.CI) throw new Error(`real-model tests cannot run in CI: ${why}`)
  process.env[REAL_MODELS_DIR_ENV] = ''
  console.log(`real-model tests skipped: ${why}`)
}
