import { CfnCondition, CfnParameter, Fn, aws_sns as sns } from 'aws-cdk-lib'
import { Construct } from 'constructs'
import { acknowledge } from '../nag.js'
import type { Namer } from '../naming.js'

/**
 * Where a stack's alarms go: an SNS topic (`<prefix>alarms<suffix>`), with an email subscription when the stack
 * parameter AlarmEmail is set (scripts/deploy.sh passes $PARLEY_ALARM_EMAIL). AWS sends a confirmation mail first.
 */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic

  constructor(scope: Construct, id: string, props: { name: Namer; suffix: string }) {
    super(scope, id)
    const email = new CfnParameter(scope, 'AlarmEmail', {
      type: 'String',
      default: '',
      description: 'Email address that receives the alarms (empty: no subscription)',
      allowedPattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    })
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: props.name(`alarms${props.suffix}`),
      displayName: 'Parley alarms',
      enforceSSL: true,
    })
    acknowledge(
      this.topic,
      'AwsSolutions-SNS2',
      'CloudWatch alarms cannot publish to a topic under the AWS managed SNS key, and a customer key costs a lab money.',
    )
    const subscription = new sns.CfnSubscription(this, 'Email', {
      topicArn: this.topic.topicArn,
      protocol: 'email',
      endpoint: email.valueAsString,
    })
    subscription.cfnOptions.condition = new CfnCondition(this, 'HasEmail', {
      expression: Fn.conditionNot(Fn.conditionEquals(email.valueAsString, '')),
    })
  }
}
