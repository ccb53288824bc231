import { BedrockRuntimeServiceException } from '@aws-sdk/client-bedrock-runtime'
import { AppError, BadRequestError, NotFoundError, ServiceUnavailableError, TooManyRequestsError } from '@parley/core'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** Bedrock said no for a reason that is this worker's (credentials, permissions, model access), not the caller's. */
export class ProviderRefusedError extends AppError {
  constructor(message: string) {
    super(502, 'provider_refused', message)
  }
}

export class ProviderTimeoutError extends AppError {
  constructor(message: string) {
    super(504, 'provider_timeout', message)
  }
}

export class ProviderError extends AppError {
  constructor(message: string) {
    super(502, 'provider_error', message)
  }
}

const CONTEXT = /too long|too many (input )?tokens|context (length|window)|maximum context/i

/**
 * Maps a Bedrock Runtime failure onto Parley's error codes, so callers see the same contract as from a self-hosted
 * worker. The caller's own faults are 4xx (passed through by the gateway, never failed over); the worker's
 * (access, credentials) and Bedrock's are 502/503/504, which the gateway counts against this worker and routes
 * around. Throttling is 429 with Retry-After, as Parley's own rate limits are.
 */
export function mapBedrockError(
  err: unknown,
  modelId: string,
  call?: { clientLeft: boolean; timedOut: boolean },
): AppError {
  if (err instanceof AppError) return err
  if (call?.timedOut) return new ProviderTimeoutError(`Bedrock (${modelId}) did not answer in time`)
  // Nobody reads this answer; 499 (nginx's "client closed request") keeps it out of 4xx/5xx figures that matter.
  if (call?.clientLeft)
    return new AppError(499 as ContentfulStatusCode, 'client_closed', 'the client closed the request')
  if (err instanceof BedrockRuntimeServiceException) {
    const what = `Bedrock (${modelId}): ${err.name}`
    switch (err.name) {
      case 'ValidationException':
        if (CONTEXT.test(err.message))
          return new BadRequestError(
            `the prompt does not fit ${modelId}'s context: ${err.message}`,
            'context_length_exceeded',
          )
        return new BadRequestError(`${modelId} refused the request: ${err.message}`, 'invalid_request')
      case 'ThrottlingException':
      case 'ServiceQuotaExceededException':
        return new TooManyRequestsError(`Bedrock is throttling requests to ${modelId}; try again shortly`, 2)
      case 'ModelNotReadyException':
        return new ServiceUnavailableError(`${modelId} is not ready on Bedrock yet; try again shortly`, 5)
      case 'ServiceUnavailableException':
        return new ServiceUnavailableError(`Bedrock is unavailable for ${modelId}`, 2)
      case 'ModelTimeoutException':
        return new ProviderTimeoutError(`${what}: the model took too long to answer`)
      case 'ResourceNotFoundException':
        return new NotFoundError(`Bedrock has no model ${modelId} in this region`)
      case 'AccessDeniedException':
      case 'UnrecognizedClientException':
      case 'InvalidSignatureException':
      case 'MissingAuthenticationTokenException':
      case 'ExpiredTokenException':
        return new ProviderRefusedError(
          `${what}; this worker's AWS credentials may not invoke the model (bedrock:InvokeModel and model access)`,
        )
      default:
        return new ProviderError(`${what} (${err.$metadata?.httpStatusCode ?? 'in the stream'})`)
    }
  }
  const name = (err as { name?: string })?.name ?? ''
  if (name === 'CredentialsProviderError')
    return new ProviderRefusedError('no AWS credentials found for Bedrock (environment, profile, or instance role)')
  if (name === 'TimeoutError' || name === 'AbortError' || (err as { code?: string })?.code === 'ETIMEDOUT')
    return new ProviderTimeoutError(`Bedrock (${modelId}) did not answer in time`)
  return new ServiceUnavailableError(`Bedrock (${modelId}) could not be reached`, 2)
}
