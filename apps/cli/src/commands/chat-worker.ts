import { closeOnSignals, loadConfig } from '@parley/core'
import type { Command } from 'commander'
import { cliLogger } from '../cli-logger.js'

// Loaded on use, like every service command, so `parley --help` stays fast.
const chatWorker = () => import('@parley/chat-worker')

/** `parley chat-worker`: the tutor (streamed replies, scenarios) as its own Node server. */
export function register(program: Command): void {
  program
    .command('chat-worker')
    .description('run the tutor chat worker (talks to the LLM pool at $CHAT_LLM_URL through the Ollama API)')
    .option('-p, --port <port>', 'port to listen on, 0 for any free port (default: $CHAT_WORKER_PORT or 11435)')
    .option('--llm <url>', 'LLM pool URL (default: $CHAT_LLM_URL or http://127.0.0.1:11434)')
    .option('--model <name>', 'default model (default: $CHAT_MODEL or parley-tiny)')
    .action(async (opts: { port?: string; llm?: string; model?: string }) => {
      const { chatWorkerEnv, startChatWorker } = await chatWorker()
      const config = loadConfig(chatWorkerEnv, {
        ...process.env,
        ...(opts.port !== undefined && { CHAT_WORKER_PORT: opts.port }),
        ...(opts.llm !== undefined && { CHAT_LLM_URL: opts.llm }),
        ...(opts.model !== undefined && { CHAT_MODEL: opts.model }),
      })
      // Logs go to stderr so that stdout carries only the `chat-worker: <url>` line that scripts and tests parse.
      const log = cliLogger('chat-worker')
      const service = await startChatWorker(config, { log })
      console.log(`chat-worker: ${service.url}`)
      closeOnSignals(() => [service], log)
    })
}
