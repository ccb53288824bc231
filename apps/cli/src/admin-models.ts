import { commonEnv, loadConfig } from '@parley/core'
import type { Command } from 'commander'
import { formatBytes, progressBar } from './progress-bar.js'
import { runningStack, type StackRecord } from './stack-record.js'

const gateway = () => import('@parley/gateway')

/**
 * The running stack's regions, or an error that says what to do instead: these commands go through the running
 * LLM workers (which then reload what changed), never under them.
 */
function stackOrRefuse(): StackRecord {
  const dataDir = loadConfig(commonEnv, process.env).PARLEY_DATA_DIR
  const stack = runningStack(dataDir)
  if (!stack)
    throw new Error(
      `No parley start is running on ${dataDir}. The admin model commands go through a running stack; ` +
        'for the models directory itself use `parley model list|pull|rm`.',
    )
  return stack
}

function regionsOf(stack: StackRecord, region: string | undefined) {
  const chosen = region ? stack.regions.filter((r) => r.name === region) : stack.regions
  if (chosen.length === 0)
    throw new Error(`Unknown region ${region}; the stack runs ${stack.regions.map((r) => r.name).join(', ')}`)
  return chosen.map((r) => ({ region: r.name, workers: r.llm.map((url) => ({ url })) }))
}

/** `parley admin models list|pull|rm`, per region, through the running stack's LLM workers. */
export function registerModels(admin: Command): void {
  const models = admin.command('models').description("the running stack's models per region (list, pull, rm)")
  models
    .command('list')
    .description('models on each LLM worker: size, loaded now, random weights')
    .option('--region <name>', 'only this region')
    .option('--json', 'print JSON')
    .action(async (opts: { region?: string; json?: boolean }) => {
      const { listModels } = await gateway()
      const regions = regionsOf(stackOrRefuse(), opts.region)
      const report = await Promise.all(regions.map(async (r) => ({ region: r.region, workers: await listModels(r) })))
      if (opts.json) return console.log(JSON.stringify(report, null, 2))
      for (const r of report)
        for (const w of r.workers) {
          console.log(`${r.region} ${w.worker}${w.error ? `: ${w.error}` : ''}`)
          for (const m of w.models)
            console.log(
              `  ${m.name.padEnd(32)} ${formatBytes(m.size).padStart(9)}${m.loaded ? '  loaded' : ''}${m.randomWeights ? '  random weights (demo)' : ''}`,
            )
        }
    })
  models
    .command('pull')
    .description('pull a model onto every LLM worker of a region (or all regions), with progress')
    .argument('<name>', 'model name, e.g. smollm2:135m')
    .option('--url <url>', 'download this GGUF file and store it under NAME')
    .option('--region <name>', 'only this region')
    .action(async (name: string, opts: { url?: string; region?: string }) => {
      const { pullModel } = await gateway()
      let failed = 0
      // Regions sharing one models directory (as `parley start` does) get the second pull at once.
      for (const r of regionsOf(stackOrRefuse(), opts.region)) {
        const bar = progressBar(process.stderr)
        const stream = pullModel(r, { model: name, url: opts.url }, new AbortController().signal)
        let rest = ''
        for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
          rest += chunk
          const lines = rest.split('\n')
          rest = lines.pop() ?? ''
          for (const line of lines.filter((l) => l.trim())) {
            const event = JSON.parse(line) as {
              status?: string
              error?: string
              worker?: string
              total?: number
              completed?: number
              failed?: number
            }
            if (event.error) process.stderr.write(`${r.region} ${event.worker ?? ''}: ${event.error}\n`)
            else if (event.worker && event.status) bar.update({ ...event, status: `${r.region} ${event.status}` })
            else if (event.failed) failed += event.failed
          }
        }
        bar.done()
      }
      if (failed) throw new Error(`pull failed on ${failed} worker${failed > 1 ? 's' : ''}`)
      console.log(name)
    })
  models
    .command('rm')
    .description('delete a model from every LLM worker of a region (or all regions)')
    .argument('<name>', 'model name')
    .option('--region <name>', 'only this region')
    .action(async (name: string, opts: { region?: string }) => {
      const { deleteModel } = await gateway()
      const results = await Promise.allSettled(regionsOf(stackOrRefuse(), opts.region).map((r) => deleteModel(r, name)))
      const deleted = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.deletedOn : []))
      if (deleted.length === 0) throw new Error(`No LLM worker has ${name}`)
      console.log(`deleted ${name} on ${[...new Set(deleted)].length} worker(s)`)
    })
}
