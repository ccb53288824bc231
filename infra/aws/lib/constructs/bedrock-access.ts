import { Stack } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'

/**
 * Lets the workers' own role call Bedrock Runtime (`llm-worker --provider bedrock`): InvokeModel, which Converse
 * uses, and InvokeModelWithResponseStream, which ConverseStream uses, on the configured foundation models of this
 * region only. No wildcard, so an instance cannot spend on models the operator did not choose.
 */
export function grantBedrockInvoke(role: iam.IRole, modelIds: readonly string[]): void {
  const stack = Stack.of(role)
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'BedrockInvokeConfiguredModels',
      actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
      resources: modelIds.map((id) => `arn:${stack.partition}:bedrock:${stack.region}::foundation-model/${id}`),
    }),
  )
}
