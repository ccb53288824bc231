import { type RunningService, silentLogger } from '@parley/core'
import { loadBedrockWorkerConfig, startBedrockWorker } from '../src/bedrock/index.js'
import { type BedrockStandIn, type BedrockStandInOptions, startBedrockStandIn } from '../src/bedrock/testing.js'

export type BedrockPair = { standIn: BedrockStandIn; worker: RunningService; close(): Promise<void> }

/** The stand-in Bedrock Runtime and a Bedrock worker pointed at it (real SDK, real SigV4, real HTTP). */
export async function startBedrockPair(
  env: Record<string, string> = {},
  standInOptions: BedrockStandInOptions = {},
): Promise<BedrockPair> {
  const standIn = await startBedrockStandIn(standInOptions)
  const config = loadBedrockWorkerConfig({
    BEDROCK_ENDPOINT: standIn.url,
    BEDROCK_REGION: standIn.region,
    // One attempt, so each test sees exactly the fault it queued (the SDK's retries are tested on their own).
    BEDROCK_MAX_ATTEMPTS: '1',
    SHUTDOWN_TIMEOUT_MS: '500',
    ...env,
  })
  const worker = await startBedrockWorker(config, {
    port: 0,
    log: silentLogger(),
    credentials: standIn.credentials,
  })
  return {
    standIn,
    worker,
    async close() {
      await worker.close()
      await standIn.close()
    },
  }
}

export const post = (url: string, body: unknown, init: RequestInit = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  })

/** Every NDJSON line of a response, parsed. */
export async function ndjsonLines(res: Response): Promise<Record<string, unknown>[]> {
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}
