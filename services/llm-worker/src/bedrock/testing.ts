// The Bedrock Runtime stand-in, for tests and benchmarks of any package (the one fake Parley allows).

export { type ConverseBody, countTokens, echoReply, type ReplyFn } from './stand-in/model.js'
export {
  BEDROCK_ERRORS,
  type BedrockErrorType,
  type BedrockStandIn,
  type BedrockStandInOptions,
  type SeenBedrockRequest,
  STAND_IN_CREDENTIALS,
  type StandInFault,
  startBedrockStandIn,
} from './stand-in/server.js'
