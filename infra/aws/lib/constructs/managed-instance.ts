import { aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { acknowledge } from '../nag.js'

/**
 * Outside AWS Academy (useExistingRoles false): the role of an instance that SSM manages and whose CloudWatch agent
 * reports, with the two AWS managed policies that documents as their minimum.
 */
export function managedInstanceRole(scope: Construct, id: string, description: string): iam.Role {
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    description,
    managedPolicies: [
      iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore'),
      iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchAgentServerPolicy'),
    ],
  })
  for (const policy of ['AmazonSSMManagedInstanceCore', 'CloudWatchAgentServerPolicy']) {
    acknowledge(
      role,
      `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`,
      'The AWS managed policies SSM and the CloudWatch agent document as their minimum for managed instances.',
    )
  }
  return role
}

export type InstanceTemplateProps = {
  launchTemplateName: string
  instanceType: string
  ubuntuAmiParameter: string
  securityGroup: ec2.ISecurityGroup
  instanceProfile: iam.IInstanceProfile
}

/** The launch template of the workers and the edge: Ubuntu, no user data (Ansible configures them), no SSH key. */
export function instanceTemplate(scope: Construct, id: string, props: InstanceTemplateProps): ec2.LaunchTemplate {
  return new ec2.LaunchTemplate(scope, id, {
    launchTemplateName: props.launchTemplateName,
    instanceType: new ec2.InstanceType(props.instanceType),
    machineImage: ec2.MachineImage.fromSsmParameter(props.ubuntuAmiParameter),
    securityGroup: props.securityGroup,
    instanceProfile: props.instanceProfile,
    // IMDSv2 only, one hop: a request forwarded by a process on the host (an SSRF through a model pull) cannot
    // read the instance's credentials.
    requireImdsv2: true,
    httpPutResponseHopLimit: 1,
    detailedMonitoring: true,
    blockDevices: [
      {
        deviceName: '/dev/sda1',
        volume: ec2.BlockDeviceVolume.ebs(30, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }),
      },
    ],
  })
}
