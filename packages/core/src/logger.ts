import { type Logger as PinoLogger, pino } from 'pino'
import pretty from 'pino-pretty'
import { currentContext } from './context.js'

export type Logger = PinoLogger

/** `json` always; `pretty` always; `auto`: pretty when the destination is a terminal, JSON when piped. */
export type LogFormat = 'auto' | 'json' | 'pretty'

export type LoggerOptions = {
  name: string
  level?: string
  destination?: pino.DestinationStream
  format?: LogFormat
  /**
   * Whether every line carries `service: name` (default). A logger that only parents other services' loggers (the
   * embedded stack) passes false, so its children's own `service` is not written twice on one line.
   */
  service?: boolean
}

/** JSON logs (stdout unless told otherwise); every line written inside a request carries its request and trace ids. */
export function createLogger(opts: LoggerOptions): Logger {
  const readable =
    opts.format === 'pretty' || (opts.format === 'auto' && isTerminal(opts.destination ?? process.stdout))
  return pino(
    {
      level: opts.level ?? 'info',
      base: opts.service === false ? {} : { service: opts.name },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin() {
        const ctx = currentContext()
        return ctx ? { requestId: ctx.requestId, traceId: ctx.traceId } : {}
      },
      redact: { paths: ['*.password', '*.authorization', '*.Authorization', '*.token'], censor: '[redacted]' },
    },
    readable ? prettyStream(opts.destination ?? process.stdout) : opts.destination,
  )
}

/** One line a record: time, level, `service region` once, the message, then any other fields. */
function prettyStream(destination: pino.DestinationStream): pino.DestinationStream {
  return pretty({
    destination,
    sync: true,
    colorize: isTerminal(destination),
    translateTime: 'HH:MM:ss',
    ignore: 'service,region,requestId,traceId',
    messageFormat: '{if service}{service}{end}{if region} {region}{end} · {msg}',
    singleLine: true,
  })
}

function isTerminal(destination: pino.DestinationStream): boolean {
  return (destination as { isTTY?: boolean }).isTTY === true
}

/** A logger that writes nothing, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' })
}
