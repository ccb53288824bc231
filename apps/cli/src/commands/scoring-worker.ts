import { closeOnSignals, loadConfig } from '@parley/core'
import type { Command } from 'commander'
import { cliLogger } from '../cli-logger.js'

// Loaded on use, like every service command, so `parley --help` stays fast.
const scoringWorker = () => import('@parley/scoring-worker')

/** `parley scoring-worker`: feedback, scores and embeddings as their own Node server. */
export function register(program: Command): void {
  program
    .command('scoring-worker')
    .description('run the scoring worker: /feedback, /score, /embed (LLM pool at $SCORING_LLM_URL via the Ollama API)')
    .option('-p, --port <port>', 'port to listen on, 0 for any free port (default: $SCORING_WORKER_PORT or 11436)')
    .option('--llm <url>', 'LLM pool URL (default: $SCORING_LLM_URL or http://127.0.0.1:11434)')
    .option('--model <name>', 'model for feedback and rubric scores (default: $SCORING_MODEL or parley-tiny)')
    .option('--embed-model <name>', 'model for embeddings (default: $EMBED_MODEL or parley-tiny)')
    .option('--rules-only', 'answer /feedback from the rules layer alone, without asking the LLM')
    .action(async (opts: { port?: string; llm?: string; model?: string; embedModel?: string; rulesOnly?: boolean }) => {
      const { scoringWorkerEnv, startScoringWorker } = await scoringWorker()
      const config = loadConfig(scoringWorkerEnv, {
        ...process.env,
        ...(opts.port !== undefined && { SCORING_WORKER_PORT: opts.port }),
        ...(opts.llm !== undefined && { SCORING_LLM_URL: opts.llm }),
        ...(opts.model !== undefined && { SCORING_MODEL: opts.model }),
        ...(opts.embedModel !== undefined && { EMBED_MODEL: opts.embedModel }),
      })
      // Logs go to stderr so that stdout carries only the `scoring-worker: <url>` line that scripts and tests parse.
      const log = cliLogger('scoring-worker')
      const service = await startScoringWorker(config, { log, feedbackLlm: !opts.rulesOnly })
      console.log(`scoring-worker: ${service.url}`)
      closeOnSignals(() => [service], log)
    })
}
