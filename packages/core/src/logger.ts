import { type Logger as PinoLogger, pino } from 'pino'
import { currentContext } from './context.js'

export type Logger = PinoLogger

/** JSON logs on stdout; every line written inside a request carries its request id and trace id. */
export function createLogger(opts: { name: string; level?: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      name: opts.name,
      level: opts.level ?? 'info',
      base: { service: opts.name },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin() {
        const ctx = currentContext()
        return ctx ? { requestId: ctx.requestId, traceId: ctx.traceId } : {}
      },
      redact: { paths: ['*.password', '*.authorization', '*.Authorization', '*.token'], censor: '[redacted]' },
    },
    opts.destination,
  )
}

/** A logger that writes nothing, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' })
}
