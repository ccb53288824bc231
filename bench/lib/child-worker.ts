// Starts bench/llm-worker/serve-worker.ts as a child process and waits for its `llm-worker: URL` line.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export type ChildWorker = { url: string; close(): Promise<void> }

export async function startChildWorker(env: Record<string, string>): Promise<ChildWorker> {
  const entry = fileURLToPath(new URL('../llm-worker/serve-worker.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, LLM_WORKER_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000)
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /llm-worker: (\S+)/.exec(out)
      if (m) resolve(m[1]!)
    })
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${stderr}`)))
  })
  return {
    url,
    close: async () => {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    },
  }
}
