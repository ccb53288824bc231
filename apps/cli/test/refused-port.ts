import { createServer } from 'node:net'

/** `127.0.0.1:<port>` of a port that was free a moment ago: connecting is refused, as to an unreachable registry. */
export async function refusedAddress(): Promise<string> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const address = `127.0.0.1:${(server.address() as { port: number }).port}`
  await new Promise<void>((r) => server.close(() => r()))
  return address
}
