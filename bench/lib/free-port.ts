import { createServer } from 'node:net'

/** A port nothing listens on (the OS picks one, then it is released), e.g. for a pool URL that must be unreachable. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
