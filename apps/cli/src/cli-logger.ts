import { commonEnv, createLogger, type Logger, loadConfig } from '@parley/core'

/**
 * The logger of a `parley` command: on stderr (stdout carries the `<service>: <url>` lines), readable on a terminal
 * and JSON when piped (LOG_FORMAT), at LOG_LEVEL. `service: false` for a parent whose children name their services.
 */
export function cliLogger(name: string, opts: { service?: boolean } = {}): Logger {
  const { LOG_LEVEL, LOG_FORMAT } = loadConfig(
    { LOG_LEVEL: commonEnv.LOG_LEVEL, LOG_FORMAT: commonEnv.LOG_FORMAT },
    process.env,
  )
  return createLogger({ name, level: LOG_LEVEL, format: LOG_FORMAT, destination: process.stderr, ...opts })
}
