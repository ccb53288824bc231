import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs'
import { createInterface } from 'node:readline'

/** A `parley <service>` child process that has printed its `<service>: <url>` line. */
export type ServiceProcess = {
  /** Label in the cluster, e.g. `llm-worker us-east-1 #2`. */
  label: string
  url: string
  pid: number
  logFile: string
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>
}

export type SpawnServiceOptions = {
  label: string
  /** Path of `apps/cli/bin/parley.mjs`. */
  cli: string
  /** The subcommand and its flags, e.g. `['llm-worker', '--port', '0']`. */
  args: string[]
  env: Record<string, string | undefined>
  /** Where the child's stderr (its JSON logs) and any other stdout lines go. */
  logFile: string
  startTimeoutMs?: number
}

/** Children still running; if this process exits without stopping them (a crash, say), they go with it. */
const live = new Set<ChildProcess>()
let exitHookInstalled = false
function killLiveChildrenOnExit(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.once('exit', () => {
    for (const child of live) child.kill('SIGTERM')
  })
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return ''
  }
}

/**
 * Starts `node <cli> <args>` in its own process group (so a terminal's Ctrl-C reaches only the cluster, which then
 * stops each child in order) and resolves once the child prints `<service>: <url>` on stdout. A parent killed by a
 * signal it does not handle leaves its children running: whoever spawns should handle SIGINT and SIGTERM.
 */
export function spawnService(opts: SpawnServiceOptions): Promise<ServiceProcess> {
  const service = opts.args[0]!
  const log = openSync(opts.logFile, 'a')
  const child: ChildProcess = spawn(process.execPath, [opts.cli, ...opts.args], {
    env: opts.env,
    stdio: ['ignore', 'pipe', log],
    detached: true,
  })
  live.add(child)
  killLiveChildrenOnExit()
  const exited = new Promise<number | string>((resolve) =>
    child.once('close', (code, signal) => {
      live.delete(child)
      closeSync(log)
      resolve(code ?? signal ?? 'unknown')
    }),
  )
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exited
    clearTimeout(timer)
  }

  return new Promise((resolve, reject) => {
    const ready = new RegExp(`^${service}: (https?://\\S+)$`)
    let url: string | undefined
    const timer = setTimeout(() => {
      void stop(1_000)
      reject(
        new Error(`${opts.label} did not start within ${opts.startTimeoutMs ?? 120_000} ms\n${tail(opts.logFile)}`),
      )
    }, opts.startTimeoutMs ?? 120_000)
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = url ? null : ready.exec(line.trim())
      if (!match) {
        writeSync(log, `${line}\n`)
        return
      }
      url = match[1]!
      clearTimeout(timer)
      resolve({ label: opts.label, url, pid: child.pid!, logFile: opts.logFile, exited, stop })
    })
    void exited.then((code) => {
      if (url) return
      clearTimeout(timer)
      reject(new Error(`${opts.label} exited (${code}) before it was ready\n${tail(opts.logFile)}`))
    })
  })
}
