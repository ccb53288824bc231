import { type TutorTurnEvent, TutorTurnEvents, type TutorTurnRequestInput } from '@parley/core'
import { readSse } from './sse.js'

/** POST /{region}/tutor/turn through the gateway with the learner's token; the caller reads the SSE body. */
export function postTurn(
  gatewayUrl: string,
  region: string,
  token: string,
  body: TutorTurnRequestInput | unknown,
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${gatewayUrl}/${region}/tutor/turn`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
    signal,
  })
}

/**
 * The events of a /tutor/turn stream, each checked against its schema in `TutorTurnEvents` (an event outside the
 * contract throws). Names this client does not know are skipped, so the stream can grow.
 */
export async function* turnEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<TutorTurnEvent> {
  for await (const { event, data } of readSse(body)) {
    const schema = TutorTurnEvents[event as keyof typeof TutorTurnEvents]
    if (!schema) continue
    yield { event, data: schema.parse(JSON.parse(data)) } as TutorTurnEvent
  }
}
