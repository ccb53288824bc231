import { EventStreamCodec } from '@smithy/core/event-streams'

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
)

const str = (value: string) => ({ type: 'string' as const, value })
const json = (body: unknown) => new Uint8Array(Buffer.from(JSON.stringify(body), 'utf8'))

/**
 * One frame of AWS's event-stream framing (application/vnd.amazon.eventstream: prelude, headers, payload, two
 * CRC32s), as ConverseStream sends it: `:message-type: event`, `:event-type` the union member's name.
 */
export function eventFrame(eventType: string, body: unknown): Uint8Array {
  return codec.encode({
    headers: { ':event-type': str(eventType), ':content-type': str('application/json'), ':message-type': str('event') },
    body: json(body),
  })
}

/** A modelled exception inside the stream (`:message-type: exception`), e.g. `throttlingException`. */
export function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': str(exceptionType),
      ':content-type': str('application/json'),
      ':message-type': str('exception'),
    },
    body: json({ message }),
  })
}
