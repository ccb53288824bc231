import { AppError, ServiceUnavailableError } from '@parley/core'

/** Ollama's wording when its queue is full; clients match on the 503 and Retry-After. */
export class QueueFullError extends ServiceUnavailableError {
  constructor(retryAfterSeconds: number) {
    super('server busy, please try again.  maximum pending requests exceeded', retryAfterSeconds)
  }
}

/** The model cannot fit in the memory budget even with every idle model unloaded. */
export class InsufficientMemoryError extends AppError {
  constructor(message: string) {
    super(507, 'insufficient_memory', message)
  }
}
