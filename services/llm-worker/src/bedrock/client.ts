import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import type { BedrockWorkerConfig } from './config.js'

/**
 * The Bedrock Runtime client: the real SDK, credentials from the standard AWS chain (environment, profile, SSO,
 * instance or task role) unless given, `BEDROCK_ENDPOINT` only to reach a VPC endpoint or the tests' stand-in.
 */
export function createBedrockClient(
  config: Pick<
    BedrockWorkerConfig,
    'BEDROCK_REGION' | 'BEDROCK_ENDPOINT' | 'BEDROCK_MAX_ATTEMPTS' | 'BEDROCK_TIMEOUT_MS'
  >,
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider,
): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: config.BEDROCK_REGION,
    ...(config.BEDROCK_ENDPOINT && { endpoint: config.BEDROCK_ENDPOINT }),
    ...(credentials && { credentials }),
    maxAttempts: config.BEDROCK_MAX_ATTEMPTS,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: Math.min(10_000, config.BEDROCK_TIMEOUT_MS),
      // Time without a byte on the socket, so a stream that keeps sending lives as long as it needs.
      requestTimeout: config.BEDROCK_TIMEOUT_MS,
    }),
  })
}
